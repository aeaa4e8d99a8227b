//! Small serialization helpers shared by the output contract.

use serde::Serializer;

/// Writes whole numbers without a fractional part (`240`, not `240.0`), others as they are.
/// Binary formats (the worker's postcard) get the f64 the type says, or they could not read it
/// back.
pub fn number<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    if s.is_human_readable() && x.fract() == 0.0 && x.abs() < 9.0e15 {
        s.serialize_i64(*x as i64)
    } else {
        s.serialize_f64(*x)
    }
}
