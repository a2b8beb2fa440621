//! TLS for `--tls`: rustls with the `ring` provider, ALPN `h2` only (RFC
//! 9113 §3.2), and a self-signed certificate unless `--cert`/`--key` name one.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use h2_proto::Connection;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::net::TcpStream;
use tokio::sync::watch;
use tokio_rustls::TlsAcceptor;

use super::connection::{self, Protocol};
use super::Options;

/// How long a client may take over its TLS handshake.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// The acceptor: TLS 1.2 or 1.3, ALPN `h2`.
pub(crate) fn acceptor(cert: Option<&Path>, key: Option<&Path>) -> Result<TlsAcceptor, String> {
    let (chain, key) = match (cert, key) {
        (Some(cert), Some(key)) => {
            let chain = CertificateDer::pem_file_iter(cert)
                .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
                .map_err(|e| format!("{}: {e}", cert.display()))?;
            let key =
                PrivateKeyDer::from_pem_file(key).map_err(|e| format!("{}: {e}", key.display()))?;
            (chain, key)
        }
        (None, None) => self_signed()?,
        _ => return Err("--cert and --key go together".into()),
    };
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| e.to_string())?;
    // Offer h2 alone: a client that cannot speak it fails the handshake
    // (no_application_protocol) instead of being misunderstood.
    config.alpn_protocols = vec![b"h2".to_vec()];
    Ok(TlsAcceptor::from(Arc::new(config)))
}

/// A certificate for `localhost` and `127.0.0.1`, made at start-up.
fn self_signed() -> Result<(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>), String> {
    let names = vec!["localhost".to_string(), "127.0.0.1".to_string()];
    let certified = rcgen::generate_simple_self_signed(names).map_err(|e| e.to_string())?;
    let key = PrivatePkcs8KeyDer::from(certified.signing_key.serialize_der());
    Ok((vec![certified.cert.der().clone()], key.into()))
}

/// Completes the handshake and serves HTTP/2 if ALPN chose `h2`.
pub(crate) async fn serve(
    acceptor: TlsAcceptor,
    socket: TcpStream,
    peer: SocketAddr,
    options: Arc<Options>,
    shutdown: watch::Receiver<bool>,
) {
    let stream = match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(socket)).await {
        Ok(Ok(stream)) => stream,
        Ok(Err(error)) => return eprintln!("{peer} TLS handshake failed: {error}"),
        Err(_) => return eprintln!("{peer} TLS handshake timed out"),
    };
    // "Implementations that support HTTP/2 over TLS MUST use protocol
    // negotiation in TLS" (RFC 9113 §3.2): no h2, no HTTP/2.
    if stream.get_ref().1.alpn_protocol() != Some(b"h2") {
        return eprintln!("{peer} TLS client did not negotiate h2 with ALPN");
    }
    let mut conn = Connection::new(connection::server_config());
    if conn.initiate_connection().is_err() {
        return;
    }
    let (reader, writer) = tokio::io::split(stream);
    connection::serve(
        conn,
        reader,
        writer,
        &[],
        None,
        peer,
        Protocol::Tls,
        options,
        shutdown,
    )
    .await;
}
