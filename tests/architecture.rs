//! The architecture as facts the build checks (ARCHITECTURE.md states them): which crate
//! may link what, no module importing back up into its parent, and every user-facing sentence
//! in the `text` crate.

use std::collections::BTreeSet;
use std::path::Path;

mod common;
use common::{root, rust_files};

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// The machine's own target triple (`cargo -vV`'s `host:`).
fn host() -> String {
    let out = std::process::Command::new(cargo())
        .arg("-vV")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.lines()
        .find_map(|l| l.strip_prefix("host: "))
        .expect("cargo -vV names the host")
        .to_owned()
}

/// The packages `package` links on `platform`, as `cargo tree -p` lists them (its normal and
/// dev dependencies, transitively, with the features the package itself asks for).
fn tree(package: &str, platform: &str) -> BTreeSet<String> {
    let out = std::process::Command::new(cargo())
        .args([
            "tree",
            "--offline",
            "--locked",
            "--prefix",
            "none",
            "-e",
            "normal,dev",
        ])
        .args(["-p", package, "--target", platform, "--format", "{p}"])
        .current_dir(root())
        .output()
        .expect("cargo tree runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

/// The workspace's own packages that name `dependency` in their Cargo.toml.
fn direct_users(dependency: &str) -> Vec<String> {
    let mut users = vec![];
    let mut manifests = vec![root().join("Cargo.toml")];
    for krate in std::fs::read_dir(root().join("crates")).unwrap().flatten() {
        manifests.push(krate.path().join("Cargo.toml"));
    }
    for m in manifests {
        let text = std::fs::read_to_string(&m).unwrap();
        // Dependency tables only: the root's [workspace.dependencies] lists versions, not uses.
        let uses = text
            .split("\n[")
            .filter(|t| t.contains("dependencies]") && !t.starts_with("workspace."))
            .any(|t| t.lines().any(|l| l.starts_with(&format!("{dependency} ="))));
        if uses {
            let name = text
                .lines()
                .find_map(|l| l.strip_prefix("name = \""))
                .unwrap_or_default()
                .trim_end_matches('"')
                .to_owned();
            users.push(name);
        }
    }
    users
}

#[test]
fn the_dependency_graph_is_the_architecture() {
    for platform in ["wasm32-unknown-unknown".to_owned(), host()] {
        let page = tree("page", &platform);
        for reader in [
            "ingest",
            "reading",
            "calamine",
            "csv",
            "encoding_rs",
            "chardetng",
            "zip",
            "clap",
        ] {
            assert!(
                !page.contains(reader),
                "the page links {reader} on {platform}"
            );
        }
        // What the lists are made of: the page's own framework, on the web.
        assert_eq!(
            page.contains("yew"),
            platform.starts_with("wasm32"),
            "{page:?}"
        );
        let core = tree("core", &platform);
        assert!(core.contains("chrono"), "{core:?}");
        for outside in [
            "serde_json",
            "yew",
            "web-sys",
            "js-sys",
            "wasm-bindgen",
            "csv",
            "calamine",
        ] {
            assert!(
                !core.contains(outside),
                "the core links {outside} on {platform}"
            );
        }
        let text = tree("text", &platform);
        assert!(
            !text.contains("ingest") && !text.contains("csv"),
            "{text:?}"
        );
    }
    for (dependency, only) in [
        ("yew", "page"),
        ("clap", "storescore"),
        ("calamine", "ingest"),
    ] {
        assert_eq!(direct_users(dependency), [only], "{dependency}");
    }
}

/// A file's code without its `#[cfg(test)] mod tests` (tests may say anything).
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// The items a crate root defines (not its modules): what its children must not reach back for.
fn root_items(lib: &str) -> Vec<String> {
    let mut items = Vec::new();
    for line in lib.lines() {
        for kw in [
            "pub struct ",
            "pub enum ",
            "pub fn ",
            "pub const ",
            "pub trait ",
            "pub type ",
            "struct ",
            "enum ",
            "fn ",
            "const ",
        ] {
            if let Some(rest) = line.strip_prefix(kw) {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    items.push(name);
                }
            }
        }
    }
    items
}

#[test]
fn no_module_imports_back_up_into_its_parent() {
    let mut found = Vec::new();
    for krate in std::fs::read_dir(root().join("crates")).unwrap().flatten() {
        let src = krate.path().join("src");
        let lib = code(&src.join("lib.rs"));
        let items = root_items(&lib);
        let files = rust_files(&src);
        for f in files
            .iter()
            .filter(|f| !f.ends_with("lib.rs") && !f.ends_with("main.rs"))
        {
            let text = code(f);
            for item in &items {
                for pattern in [format!("crate::{item}"), format!("super::{item}")] {
                    let hit = text.match_indices(&pattern).any(|(i, _)| {
                        !text[i + pattern.len()..]
                            .starts_with(|c: char| c.is_alphanumeric() || c == '_')
                    });
                    if hit {
                        found.push(format!("{} uses {pattern}", f.display()));
                    }
                }
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}

/// Every sentence a person reads is in the `text` crate, in both languages: elsewhere no
/// choice between the languages, and no Chinese text (the header names the readers look for
/// are data, not sentences: `sources` and `ingest` are not checked).
#[test]
fn every_sentence_is_in_the_text_crate() {
    let mut files = Vec::new();
    for dir in [
        "crates/page/src",
        "crates/protocol/src",
        "crates/reading/src",
        "crates/worker/src",
        "crates/link/src",
        "src",
    ] {
        files.extend(rust_files(&root().join(dir)));
    }
    let mut found = Vec::new();
    for f in &files {
        for (n, line) in code(f).lines().enumerate() {
            let line = line.split("//").next().unwrap_or_default();
            let bilingual = line.contains("Lang::Zh")
                || line.contains("Lang::En")
                || line.contains(".pick(\"")
                || (line.contains(".en, &") && line.contains(".zh)"))
                || line.chars().any(|c| {
                    ('\u{4e00}'..='\u{9fff}').contains(&c)
                        || ('\u{3000}'..='\u{303f}').contains(&c)
                        || ('\u{ff00}'..='\u{ffef}').contains(&c)
                });
            if bilingual {
                found.push(format!("{}:{}: {}", f.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "sentences outside the text crate: {found:#?}"
    );
}

/// The page orders its short lists with `storescore_core::small`: each element type given to
/// `slice::sort*` or collected into a `BTreeMap` or `BTreeSet` added a few kilobytes of sort
/// code to its wasm (nine of them, 37 KB before `wasm-opt`).
#[test]
fn the_page_uses_no_sort_of_the_standard_library() {
    let mut found = Vec::new();
    for f in rust_files(&root().join("crates/page/src")) {
        for (n, line) in code(&f).lines().enumerate() {
            let sorts = [
                ".sort(",
                ".sort_by(",
                ".sort_by_key(",
                ".sort_unstable",
                "collect::<BTreeMap",
                "collect::<BTreeSet",
                "collect::<std::collections::BTree",
            ];
            if sorts.iter().any(|s| line.contains(s)) {
                found.push(format!("{}:{}: {}", f.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}

/// One `unsafe` block in the code that ships: a row's cells taken as the text they are,
/// checked once when the file was decoded (`ingest::table::Row`). Every crate denies
/// `unsafe_code`. (The memory benchmark's counting allocator is unsafe by nature.)
#[test]
fn the_one_unsafe_block_is_a_rows_text() {
    let mut found = Vec::new();
    for dir in ["crates", "src", "fuzz/fuzz_targets"] {
        for f in rust_files(&root().join(dir)) {
            for (n, line) in std::fs::read_to_string(&f).unwrap().lines().enumerate() {
                let code = line.split("//").next().unwrap_or_default();
                if code.contains("unsafe ") || code.contains("unsafe_code)") {
                    found.push(format!(
                        "{}:{}",
                        f.strip_prefix(root()).unwrap().display(),
                        n + 1
                    ));
                }
            }
        }
    }
    let lib = |c: &str| format!("crates/{c}/src/lib.rs");
    let mut expected: Vec<String> = std::fs::read_dir(root().join("crates"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|c| root().join(lib(c)).exists())
        .map(|c| {
            let text = std::fs::read_to_string(root().join(lib(&c))).unwrap();
            let n = text
                .lines()
                .position(|l| l.contains("deny(unsafe_code)"))
                .unwrap_or_else(|| panic!("{c} denies unsafe_code"));
            format!("{}:{}", lib(&c), n + 1)
        })
        .collect();
    let table = std::fs::read_to_string(root().join("crates/ingest/src/table.rs")).unwrap();
    for (n, line) in table.lines().enumerate() {
        if line.contains("#[allow(unsafe_code)]")
            || line.contains("unsafe { std::str::from_utf8_unchecked")
        {
            expected.push(format!("crates/ingest/src/table.rs:{}", n + 1));
        }
    }
    found.sort();
    expected.sort();
    assert_eq!(found, expected);
}
