//! The crates' module graphs have no import circle: a module may use items
//! of modules that do not use it back, directly or through others.
//!
//! Every crate of the workspace is read from its library root (`src/lib.rs`,
//! `src/verify/lib.rs`, or whatever `[lib] path` says), following `mod`
//! declarations to files and inline `mod name { ... }` blocks. An edge goes
//! from a module to the module a `crate::`, `super::` or `self::` path in it
//! names (in `use` trees and in code alike), to the deepest module that path
//! reaches. Comments and string literals are skipped. A circle fails the
//! test with the modules and the paths that make it.
//!
//! It also keeps source files of the client crate at about 600 lines at
//! most (split by responsibility beyond that).
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// A module path inside one crate: `["api", "config"]`; the root is `[]`.
type ModPath = Vec<String>;

struct Module {
    file: PathBuf,
    /// The paths it names: (text as written, resolved absolute path).
    references: Vec<(String, ModPath)>,
}

struct Crate {
    name: String,
    modules: BTreeMap<ModPath, Module>,
}

/// The source with comments, string and character literals blanked out
/// (kept as spaces so that nothing else moves).
fn strip(source: &str) -> String {
    let bytes = source.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    let blank = |out: &mut Vec<u8>, b: u8| out.push(if b == b'\n' { b'\n' } else { b' ' });
    while i < bytes.len() {
        let rest = &bytes[i..];
        if rest.starts_with(b"//") {
            while i < bytes.len() && bytes[i] != b'\n' {
                out.push(b' ');
                i += 1;
            }
        } else if rest.starts_with(b"/*") {
            let mut depth = 0;
            while i < bytes.len() {
                if bytes[i..].starts_with(b"/*") {
                    depth += 1;
                    out.extend_from_slice(b"  ");
                    i += 2;
                } else if bytes[i..].starts_with(b"*/") {
                    depth -= 1;
                    out.extend_from_slice(b"  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    blank(&mut out, bytes[i]);
                    i += 1;
                }
            }
        } else if (rest.starts_with(b"r#") || rest.starts_with(b"r\"") || rest.starts_with(b"br"))
            && !bytes[..i]
                .last()
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
        {
            // A raw string: r"...", r#"..."#, br#"..."#.
            let start = i;
            let mut j = i + if rest[0] == b'b' { 2 } else { 1 };
            let mut hashes = 0;
            while j < bytes.len() && bytes[j] == b'#' {
                hashes += 1;
                j += 1;
            }
            if j >= bytes.len() || bytes[j] != b'"' {
                out.push(bytes[i]);
                i += 1;
                continue;
            }
            j += 1;
            let close: Vec<u8> = std::iter::once(b'"')
                .chain(std::iter::repeat_n(b'#', hashes))
                .collect();
            while j < bytes.len() && !bytes[j..].starts_with(&close) {
                j += 1;
            }
            j = (j + close.len()).min(bytes.len());
            for &b in &bytes[start..j] {
                blank(&mut out, b);
            }
            i = j;
        } else if rest[0] == b'"' {
            out.push(b' ');
            i += 1;
            while i < bytes.len() && bytes[i] != b'"' {
                let step = if bytes[i] == b'\\' { 2 } else { 1 };
                for k in 0..step {
                    if let Some(&b) = bytes.get(i + k) {
                        blank(&mut out, b);
                    }
                }
                i += step;
            }
            out.push(b' ');
            i += 1;
        } else if rest[0] == b'\'' {
            // A char literal ('x', '\n', '\u{1f}') or a lifetime ('a).
            let end = if rest.get(1) == Some(&b'\\') {
                rest.iter().skip(2).position(|&b| b == b'\'').map(|p| p + 3)
            } else if rest.get(2) == Some(&b'\'') {
                Some(3)
            } else {
                // A multi-byte char literal, or a lifetime.
                let text = std::str::from_utf8(&rest[1..]).unwrap_or("");
                text.chars()
                    .next()
                    .filter(|c| text[c.len_utf8()..].starts_with('\''))
                    .map(|c| c.len_utf8() + 2)
            };
            match end {
                Some(len) => {
                    for &b in &rest[..len] {
                        blank(&mut out, b);
                    }
                    i += len;
                }
                None => {
                    out.push(b'\'');
                    i += 1;
                }
            }
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("only ASCII was replaced")
}

/// The source as tokens: identifiers, `::`, and single punctuation bytes.
fn tokens(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<char> = source.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(chars[start..i].iter().collect());
        } else if c == ':' && chars.get(i + 1) == Some(&':') {
            out.push("::".to_owned());
            i += 2;
        } else {
            if !c.is_whitespace() {
                out.push(c.to_string());
            }
            i += 1;
        }
    }
    out
}

/// Resolves a path that starts with `crate`, `super` or `self`, written in
/// module `at`; None for any other path.
fn resolve(at: &ModPath, segments: &[String]) -> Option<ModPath> {
    let mut path = match segments.first()?.as_str() {
        "crate" => Vec::new(),
        "super" | "self" => at.clone(),
        _ => return None,
    };
    let mut rest = match segments[0].as_str() {
        "crate" => &segments[1..],
        _ => segments,
    };
    while let Some(first) = rest.first() {
        match first.as_str() {
            "super" => {
                path.pop()?;
            }
            "self" => {}
            _ => break,
        }
        rest = &rest[1..];
    }
    path.extend(rest.iter().cloned());
    Some(path)
}

/// Expands a `use` tree starting at `tokens[i]` (after `use`) into full
/// paths; returns them and the index after the tree.
fn use_tree(tokens: &[String], mut i: usize, prefix: &[String]) -> (Vec<Vec<String>>, usize) {
    let mut path = prefix.to_vec();
    let mut out = Vec::new();
    while i < tokens.len() {
        match tokens[i].as_str() {
            "::" => i += 1,
            "{" => {
                i += 1;
                while i < tokens.len() && tokens[i] != "}" {
                    let (paths, next) = use_tree(tokens, i, &path);
                    out.extend(paths);
                    i = next;
                    if tokens.get(i).map(String::as_str) == Some(",") {
                        i += 1;
                    }
                }
                return (out, i + 1);
            }
            "*" => {
                i += 1;
            }
            "as" => i += 2,
            "," | ";" | "}" => break,
            word => {
                path.push(word.to_owned());
                i += 1;
            }
        }
    }
    out.push(path);
    (out, i)
}

/// The name of the file module `name` declared in `file` (module `at`).
fn module_file(file: &Path, at: &ModPath, name: &str, crate_root: &Path) -> Option<PathBuf> {
    let is_root_or_mod_rs = at.is_empty() || file.file_name().is_some_and(|n| n == "mod.rs");
    let dir = if is_root_or_mod_rs {
        file.parent()?.to_path_buf()
    } else {
        file.with_extension("")
    };
    let _ = crate_root;
    [
        dir.join(format!("{name}.rs")),
        dir.join(name).join("mod.rs"),
    ]
    .into_iter()
    .find(|p| p.is_file())
}

/// Records that module `here` names `path` (when it is a path inside the
/// crate).
fn refer(krate: &mut Crate, here: &ModPath, path: &[String]) {
    if let Some(resolved) = resolve(here, path) {
        let module = krate.modules.get_mut(here).expect("read before use");
        module.references.push((path.join("::"), resolved));
    }
}

/// Reads module `at` from `file`, and the modules it declares.
fn read_module(krate: &mut Crate, file: &Path, at: ModPath, crate_root: &Path) {
    let source = fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let toks = tokens(&strip(&source));
    // The module each brace level belongs to (inline `mod x { }` blocks).
    let mut stack: Vec<(ModPath, usize)> = vec![(at.clone(), 0)];
    let mut depth = 0usize;
    let mut i = 0;
    let mut pending_inline: Option<ModPath> = None;
    let current = |stack: &Vec<(ModPath, usize)>| stack.last().unwrap().0.clone();
    krate.modules.entry(at.clone()).or_insert_with(|| Module {
        file: file.to_path_buf(),
        references: Vec::new(),
    });
    while i < toks.len() {
        let t = toks[i].as_str();
        match t {
            "{" => {
                depth += 1;
                if let Some(path) = pending_inline.take() {
                    stack.push((path, depth));
                }
                i += 1;
            }
            "}" => {
                if stack.last().is_some_and(|(_, d)| *d == depth) && stack.len() > 1 {
                    stack.pop();
                }
                depth = depth.saturating_sub(1);
                i += 1;
            }
            "mod" if toks.get(i + 1).is_some() => {
                let name = toks[i + 1].clone();
                let here = current(&stack);
                let mut child = here.clone();
                child.push(name.clone());
                match toks.get(i + 2).map(String::as_str) {
                    Some(";") => {
                        let parent_file = &krate.modules[&here].file.clone();
                        let inline_dir_file = if here.len() > at.len() {
                            // A file module inside an inline module: its
                            // directory is named after the inline module.
                            let mut dir = file.with_extension("");
                            for part in &here[at.len()..] {
                                dir = dir.join(part);
                            }
                            dir.join("x.rs")
                        } else {
                            parent_file.clone()
                        };
                        if let Some(child_file) =
                            module_file(&inline_dir_file, &here, &name, crate_root)
                        {
                            read_module(krate, &child_file, child, crate_root);
                        }
                    }
                    Some("{") => {
                        krate
                            .modules
                            .entry(child.clone())
                            .or_insert_with(|| Module {
                                file: file.to_path_buf(),
                                references: Vec::new(),
                            });
                        pending_inline = Some(child);
                    }
                    _ => {}
                }
                i += 2;
            }
            "use" => {
                let (paths, next) = use_tree(&toks, i + 1, &[]);
                let here = current(&stack);
                for path in paths {
                    refer(krate, &here, &path);
                }
                i = next;
            }
            "crate" | "super" | "self" if toks.get(i + 1).map(String::as_str) == Some("::") => {
                let mut path = vec![t.to_owned()];
                let mut j = i + 1;
                while toks.get(j).map(String::as_str) == Some("::")
                    && toks
                        .get(j + 1)
                        .is_some_and(|w| w.chars().all(|c| c.is_alphanumeric() || c == '_'))
                {
                    path.push(toks[j + 1].clone());
                    j += 2;
                }
                refer(krate, &current(&stack), &path);
                i = j;
            }
            _ => i += 1,
        }
    }
}

/// The workspace's crates: the root package and each member, by their
/// Cargo.toml.
fn workspace_crates() -> Vec<(String, PathBuf)> {
    // MODULE_GRAPH_ROOT=dir checks another checkout (to see the check fail).
    let root = std::env::var_os("MODULE_GRAPH_ROOT")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    let root = root.as_path();
    let manifest = fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let mut dirs = vec![root.to_path_buf()];
    if let Some(members) = manifest
        .split("[workspace]")
        .nth(1)
        .and_then(|w| w.split("members").nth(1))
        .and_then(|m| m.split('[').nth(1))
        .and_then(|m| m.split(']').next())
    {
        for member in members.split(',') {
            let member = member.trim().trim_matches('"');
            if !member.is_empty() {
                dirs.push(root.join(member));
            }
        }
    }
    dirs.into_iter()
        .map(|dir| {
            let manifest = fs::read_to_string(dir.join("Cargo.toml")).unwrap();
            let name = manifest
                .lines()
                .find_map(|l| l.trim().strip_prefix("name = "))
                .unwrap()
                .trim_matches('"')
                .to_owned();
            let lib_path = manifest
                .split("[lib]")
                .nth(1)
                .and_then(|lib| lib.split("\n[").next())
                .and_then(|lib| {
                    lib.lines()
                        .find_map(|l| l.trim().strip_prefix("path = "))
                        .map(|p| p.trim_matches('"').to_owned())
                })
                .unwrap_or_else(|| "src/lib.rs".to_owned());
            (name, dir.join(lib_path))
        })
        .collect()
}

fn read_crate(name: &str, lib: &Path) -> Crate {
    let mut krate = Crate {
        name: name.to_owned(),
        modules: BTreeMap::new(),
    };
    read_module(&mut krate, lib, Vec::new(), lib.parent().unwrap());
    krate
}

/// The module a resolved path lands in: its longest prefix that is a module.
fn target(krate: &Crate, path: &ModPath) -> Option<ModPath> {
    (0..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|p| krate.modules.contains_key(p))
}

/// Every circle (strongly connected set of two or more modules, or a module
/// that reaches itself through others), each with the references that make
/// its edges.
fn circles(krate: &Crate) -> Vec<Vec<String>> {
    let mut edges: BTreeMap<ModPath, BTreeMap<ModPath, Vec<String>>> = BTreeMap::new();
    for (from, module) in &krate.modules {
        for (text, path) in &module.references {
            if let Some(to) = target(krate, path) {
                if &to != from {
                    edges
                        .entry(from.clone())
                        .or_default()
                        .entry(to)
                        .or_default()
                        .push(text.clone());
                }
            }
        }
    }
    // Tarjan's strongly connected components.
    struct State<'a> {
        edges: &'a BTreeMap<ModPath, BTreeMap<ModPath, Vec<String>>>,
        index: BTreeMap<ModPath, usize>,
        low: BTreeMap<ModPath, usize>,
        on_stack: BTreeSet<ModPath>,
        stack: Vec<ModPath>,
        next: usize,
        found: Vec<Vec<ModPath>>,
    }
    fn visit(s: &mut State<'_>, v: &ModPath) {
        s.index.insert(v.clone(), s.next);
        s.low.insert(v.clone(), s.next);
        s.next += 1;
        s.stack.push(v.clone());
        s.on_stack.insert(v.clone());
        let targets: Vec<ModPath> = s
            .edges
            .get(v)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        for w in targets {
            if !s.index.contains_key(&w) {
                visit(s, &w);
                let low = s.low[v].min(s.low[&w]);
                s.low.insert(v.clone(), low);
            } else if s.on_stack.contains(&w) {
                let low = s.low[v].min(s.index[&w]);
                s.low.insert(v.clone(), low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            loop {
                let w = s.stack.pop().unwrap();
                s.on_stack.remove(&w);
                component.push(w.clone());
                if &w == v {
                    break;
                }
            }
            if component.len() > 1 {
                s.found.push(component);
            }
        }
    }
    let mut state = State {
        edges: &edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        on_stack: BTreeSet::new(),
        stack: Vec::new(),
        next: 0,
        found: Vec::new(),
    };
    for v in krate.modules.keys() {
        if !state.index.contains_key(v) {
            visit(&mut state, v);
        }
    }
    let name = |p: &ModPath| {
        if p.is_empty() {
            "crate".to_owned()
        } else {
            format!("crate::{}", p.join("::"))
        }
    };
    state
        .found
        .into_iter()
        .map(|component| {
            let members: BTreeSet<&ModPath> = component.iter().collect();
            let mut lines = Vec::new();
            for from in &component {
                for (to, texts) in edges.get(from).into_iter().flatten() {
                    if members.contains(to) {
                        lines.push(format!(
                            "{} ({}) -> {} via {}",
                            name(from),
                            krate.modules[from].file.display(),
                            name(to),
                            texts.join(", ")
                        ));
                    }
                }
            }
            lines
        })
        .collect()
}

#[test]
fn no_module_of_any_workspace_crate_imports_in_a_circle() {
    let crates = workspace_crates();
    assert!(
        crates.len() >= 2,
        "the root crate and src/verify: {crates:?}"
    );
    let mut report = Vec::new();
    let mut modules = 0;
    for (name, lib) in &crates {
        let krate = read_crate(name, lib);
        modules += krate.modules.len();
        for circle in circles(&krate) {
            report.push(format!("in {}:\n  {}", krate.name, circle.join("\n  ")));
        }
    }
    assert!(
        modules >= 20,
        "only {modules} modules found: the reader is broken"
    );
    assert!(
        report.is_empty(),
        "import circles (modules must import downward only):\n{}",
        report.join("\n")
    );
}

#[test]
fn the_circle_check_finds_a_circle_when_there_is_one() {
    let dir = std::env::temp_dir().join(format!("module-graph-{}", std::process::id()));
    fs::create_dir_all(dir.join("a")).unwrap();
    fs::write(dir.join("lib.rs"), "mod a;\nmod b;\n").unwrap();
    fs::write(dir.join("a.rs"), "mod inner;\nuse crate::b::Thing;\n").unwrap();
    fs::write(
        dir.join("a/inner.rs"),
        "// use crate::b; (a comment)\nfn f() { let s = \"super::b\"; crate::b::g(); }\n",
    )
    .unwrap();
    fs::write(
        dir.join("b.rs"),
        "use super::{a::{self}, c as _};\npub struct Thing;\n",
    )
    .unwrap();
    let krate = read_crate("fixture", &dir.join("lib.rs"));
    let found = circles(&krate);
    fs::remove_dir_all(&dir).unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    let text = found[0].join("\n");
    assert!(
        text.contains("crate::a (") && text.contains("-> crate::b via crate::b::Thing"),
        "{text}"
    );
    assert!(
        text.contains("crate::b (") && text.contains("-> crate::a via super::a"),
        "{text}"
    );
    assert!(
        !text.contains("crate::a::inner"),
        "comments and strings make no edge, and inner's call does not close a circle: {text}"
    );
}

/// Source files of the client crate (src/ without the verify crate's
/// folder) and their line counts.
fn client_sources() -> Vec<(PathBuf, usize)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, usize)>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if !path.join("Cargo.toml").exists() {
                    walk(&path, out);
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                let lines = fs::read_to_string(&path).unwrap().lines().count();
                out.push((path, lines));
            }
        }
    }
    let mut out = Vec::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut out);
    out
}

#[test]
fn no_source_file_of_the_client_crate_runs_past_about_600_lines() {
    let sources = client_sources();
    assert!(sources.len() >= 10, "{sources:?}");
    let long: Vec<String> = sources
        .iter()
        .filter(|(_, lines)| *lines > 620)
        .map(|(path, lines)| format!("{} has {lines} lines", path.display()))
        .collect();
    assert!(long.is_empty(), "split these by responsibility: {long:?}");
}
