//! Shared by the end-to-end test and the browser benchmark: the built page (dist/) served
//! from 127.0.0.1:0, chromedriver on a free port, helpers to wait on the page.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Value};

pub type Res<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A static file server for dist/ on a free loopback port; logs every requested path.
#[derive(Clone)]
pub struct Server {
    pub port: u16,
    pub requests: Arc<Mutex<Vec<String>>>,
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css",
        Some("svg") => "image/svg+xml",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    }
}

fn serve_one(mut s: TcpStream, dist: &Path, log: &Mutex<Vec<String>>) {
    let mut reader = BufReader::new(match s.try_clone() {
        Ok(c) => c,
        Err(_) => return,
    });
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).map_or(true, |n| n == 0) || h == "\r\n" {
            break;
        }
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
    if let Ok(mut l) = log.lock() {
        l.push(path.clone());
    }
    let rel = path
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .trim_start_matches('/');
    let rel = if rel.is_empty() { "index.html" } else { rel };
    let file = dist.join(rel);
    let ok = !rel.contains("..") && file.is_file();
    let (status, body, ctype) = if ok {
        (
            "200 OK",
            std::fs::read(&file).unwrap_or_default(),
            content_type(&file),
        )
    } else {
        ("404 Not Found", b"not found".to_vec(), "text/plain")
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = s.write_all(head.as_bytes());
    let _ = s.write_all(&body);
}

pub fn start_server() -> Server {
    let dist = root().join("dist");
    assert!(
        dist.join("index.html").is_file(),
        "dist/ is missing: run `trunk build --release` first (scripts/test.sh does)"
    );
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let requests = Arc::new(Mutex::new(Vec::new()));
    let log = requests.clone();
    std::thread::spawn(move || {
        for s in listener.incoming().flatten() {
            let (dist, log) = (dist.clone(), log.clone());
            std::thread::spawn(move || serve_one(s, &dist, &log));
        }
    });
    Server { port, requests }
}

/// chromedriver on a free port, killed when dropped (only this process: we started it).
pub struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn start_driver() -> Driver {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let child = Command::new(
        std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into()),
    )
    .arg(format!("--port={port}"))
    .stdout(Stdio::null())
    .stderr(Stdio::null())
    .spawn()
    .expect("chromedriver (scripts/setup.sh installs it)");
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    Driver { child, port }
}

pub async fn connect(driver: &Driver, profile: &Path) -> Res<Client> {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,1800",
                format!("--user-data-dir={}", profile.display()),
            ]
        }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    Ok(ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await?)
}

/// Polls a JS expression until it returns something other than null/false.
/// Opens `url` afresh: through about:blank, so that a change of fragment alone reloads the page.
pub async fn reopen(c: &Client, url: &str) -> Res<()> {
    c.goto("about:blank").await?;
    c.goto(url).await?;
    Ok(())
}

/// Chooses files (paths joined by newlines) in the page's file input, once it is there.
pub async fn upload(c: &Client, paths: &str) -> Res<()> {
    let input = c
        .wait()
        .for_element(fantoccini::Locator::Css("[data-testid=file-input]"))
        .await?;
    input.send_keys(paths).await?;
    Ok(())
}

pub async fn wait_js(c: &Client, expr: &str) -> Res<Value> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let v = c.execute(&format!("return ({expr});"), vec![]).await?;
        if !(v.is_null() || v == Value::Bool(false)) {
            return Ok(v);
        }
        if Instant::now() > deadline {
            return Err(format!("timed out waiting for {expr}").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub async fn text_of(c: &Client, testid: &str) -> Res<String> {
    let v = wait_js(
        c,
        &format!("document.querySelector('[data-testid=\"{testid}\"]')?.textContent"),
    )
    .await?;
    Ok(v.as_str().unwrap_or_default().trim().to_owned())
}

pub async fn wait_text(c: &Client, testid: &str, want: &str) -> Res<()> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let got = text_of(c, testid).await.unwrap_or_default();
        if got == want {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!("{testid}: got {got:?}, want {want:?}").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
