//! Processes for the interop and load runs: servers that are killed when
//! dropped, commands bounded in time, output captured for the report.

use std::io::Read;
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::Result;

/// What a command printed, and how it ended.
#[derive(Debug)]
pub(crate) struct Output {
    pub(crate) status: ExitStatus,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Output {
    pub(crate) fn success(&self) -> bool {
        self.status.success()
    }

    /// Both streams, for a failure report.
    pub(crate) fn both(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

/// The most of a captured stream kept, so a chatty process cannot fill
/// memory; the head of the output is what the reports use.
const CAPTURE_LIMIT: usize = 4 << 20;

/// Copies `source` into `sink` on a thread, up to [`CAPTURE_LIMIT`], and
/// drains the rest so the child never blocks on a full pipe.
fn capture(mut source: impl Read + Send + 'static, sink: Arc<Mutex<Vec<u8>>>) -> JoinHandle<()> {
    std::thread::spawn(move || {
        let mut buffer = [0; 16 << 10];
        while let Ok(n) = source.read(&mut buffer) {
            if n == 0 {
                break;
            }
            if let Ok(mut sink) = sink.lock() {
                let room = CAPTURE_LIMIT.saturating_sub(sink.len());
                sink.extend_from_slice(&buffer[..n.min(room)]);
            }
        }
    })
}

/// Waits (at most two seconds) for the capture threads to reach the end of
/// their pipes, so the output of a process that exited is complete. A pipe
/// a grandchild still holds open is left behind rather than waited for.
fn drain(readers: &mut Vec<JoinHandle<()>>) {
    let started = Instant::now();
    while readers.iter().any(|r| !r.is_finished()) && started.elapsed() < Duration::from_secs(2) {
        std::thread::sleep(Duration::from_millis(5));
    }
    for reader in std::mem::take(readers) {
        if reader.is_finished() {
            let _ = reader.join();
        }
    }
}

/// Starts `program` with stdin closed and stdout and stderr copied into
/// `out` and `err` (which may be the same buffer) by capture threads.
fn spawn_captured(
    program: &str,
    args: &[&str],
    dir: &Path,
    out: &Arc<Mutex<Vec<u8>>>,
    err: &Arc<Mutex<Vec<u8>>>,
) -> std::io::Result<(Child, Vec<JoinHandle<()>>)> {
    let mut child = Command::new(program)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let readers = [
        child.stdout.take().map(|s| capture(s, out.clone())),
        child.stderr.take().map(|s| capture(s, err.clone())),
    ]
    .into_iter()
    .flatten()
    .collect();
    Ok((child, readers))
}

fn text(bytes: &Arc<Mutex<Vec<u8>>>) -> String {
    bytes
        .lock()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default()
}

/// Runs `program` to completion, killing it after `limit`.
pub(crate) fn run_bounded(
    program: &str,
    args: &[&str],
    dir: &Path,
    limit: Duration,
) -> Result<Output> {
    let shown = format!("{program} {}", args.join(" "));
    let stdout = Arc::new(Mutex::new(Vec::new()));
    let stderr = Arc::new(Mutex::new(Vec::new()));
    let (mut child, mut readers) = spawn_captured(program, args, dir, &stdout, &stderr)
        .map_err(|e| format!("cannot start `{shown}`: {e}"))?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() < limit => std::thread::sleep(Duration::from_millis(20)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("`{shown}` did not finish within {limit:?}"));
            }
            Err(e) => return Err(format!("`{shown}`: {e}")),
        }
    };
    drain(&mut readers);
    Ok(Output {
        status,
        stdout: text(&stdout),
        stderr: text(&stderr),
    })
}

/// A long-running process (a server). Killed when dropped.
pub(crate) struct Service {
    name: String,
    child: Child,
    /// stdout and stderr together, as they arrive.
    log: Arc<Mutex<Vec<u8>>>,
    readers: Vec<JoinHandle<()>>,
}

impl Service {
    /// Starts `program`, its output captured.
    pub(crate) fn start(name: &str, program: &str, args: &[&str], dir: &Path) -> Result<Self> {
        let shown = format!("{program} {}", args.join(" "));
        let log = Arc::new(Mutex::new(Vec::new()));
        let (child, readers) = spawn_captured(program, args, dir, &log, &log)
            .map_err(|e| format!("cannot start {name} (`{shown}`): {e}"))?;
        Ok(Self {
            name: name.to_string(),
            child,
            log,
            readers,
        })
    }

    /// Its process id.
    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Everything it printed so far.
    pub(crate) fn log(&self) -> String {
        text(&self.log)
    }

    /// Waits until its output contains `needle`; fails if it exits first or
    /// `limit` passes.
    pub(crate) fn wait_for_output(&mut self, needle: &str, limit: Duration) -> Result<String> {
        let started = Instant::now();
        loop {
            let log = self.log();
            if log.contains(needle) {
                return Ok(log);
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!(
                    "{} exited ({status}) before it was ready:\n{log}",
                    self.name
                ));
            }
            if started.elapsed() > limit {
                return Err(format!("{} not ready within {limit:?}:\n{log}", self.name));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until `address` accepts TCP connections.
    pub(crate) fn wait_for_port(&mut self, address: SocketAddr, limit: Duration) -> Result {
        let started = Instant::now();
        loop {
            if TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_ok() {
                return Ok(());
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("{} exited ({status}):\n{}", self.name, self.log()));
            }
            if started.elapsed() > limit {
                return Err(format!(
                    "{} not listening on {address} within {limit:?}",
                    self.name
                ));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits for it to exit on its own, at most `limit`; its log is then
    /// complete.
    pub(crate) fn wait_exit(&mut self, limit: Duration) -> Result<ExitStatus> {
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                drain(&mut self.readers);
                return Ok(status);
            }
            if started.elapsed() > limit {
                return Err(format!(
                    "{} still running after {limit:?}:\n{}",
                    self.name,
                    self.log()
                ));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Sends SIGINT (what Ctrl-C sends) and waits for the exit.
    pub(crate) fn interrupt(&mut self, limit: Duration) -> Result<ExitStatus> {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .map_err(|e| format!("kill -INT {pid}: {e}"))?;
        if !sent.success() {
            return Err(format!("kill -INT {pid} failed"));
        }
        self.wait_exit(limit)
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

/// A TCP port that was free a moment ago, for peers that cannot report
/// the one they chose.
pub(crate) fn free_port() -> Result<u16> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free port: {e}"))
}

/// Where `program` is on PATH (or the path itself, if it has a slash).
pub(crate) fn find_program(program: &str) -> Option<std::path::PathBuf> {
    if program.contains('/') {
        let path = std::path::PathBuf::from(program);
        return path.is_file().then_some(path);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .chain(["/usr/sbin".into(), "/sbin".into()])
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}
