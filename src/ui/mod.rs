//! The page (Yew). Built for wasm32 only.
