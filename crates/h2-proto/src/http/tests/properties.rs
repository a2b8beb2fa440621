//! Properties over generated blocks.

use bytes::Bytes;
use proptest::prelude::*;

use super::*;

const KINDS: [BlockKind; 5] = [
    BlockKind::Request,
    BlockKind::PushRequest,
    BlockKind::Response,
    BlockKind::Informational,
    BlockKind::Trailers,
];

/// A well-formed block of each kind, the base the generator perturbs.
fn template(kind: BlockKind, extended_connect: bool) -> Vec<HeaderField> {
    match kind {
        BlockKind::Request if extended_connect => websocket(),
        BlockKind::Request | BlockKind::PushRequest => request(),
        BlockKind::Response => response("200"),
        BlockKind::Informational => response("103"),
        BlockKind::Trailers => vec![f("grpc-status", "0")],
    }
}

fn arb_name() -> impl Strategy<Value = Vec<u8>> {
    let known = prop::sample::select(vec![
        "x-custom",
        "cookie",
        "te",
        "content-length",
        "host",
        "priority",
        "authorization",
        "connection",
        "upgrade",
        "keep-alive",
        ":path",
        ":status",
        ":authority",
        ":method",
        ":protocol",
        "",
    ]);
    prop_oneof![
        6 => known.prop_map(|s| s.as_bytes().to_vec()),
        2 => "[a-zA-Z0-9:_ -]{0,8}".prop_map(String::into_bytes),
        1 => prop::collection::vec(any::<u8>(), 0..6),
    ]
}

fn arb_value() -> impl Strategy<Value = Vec<u8>> {
    let known = prop::sample::select(vec![
        "trailers",
        "10",
        "0",
        "a=1; b=2",
        "a; b",
        "u=1, i",
        "u=9",
        "example.com",
        "example.com:443",
        "other.example",
        "/p",
        "*",
        "204",
        "GET",
        "https",
        "websocket",
        "",
    ]);
    prop_oneof![
        6 => known.prop_map(|s| s.as_bytes().to_vec()),
        2 => "[ -~\t]{0,12}".prop_map(String::into_bytes),
        1 => prop::collection::vec(any::<u8>(), 0..8),
    ]
}

/// Case flips and surrounding whitespace, which normalisation can fix.
fn decorate(bytes: Vec<u8>, upper: bool, pad: bool) -> Vec<u8> {
    let mut out: Vec<u8> = if upper {
        bytes.to_ascii_uppercase()
    } else {
        bytes
    };
    if pad {
        out.insert(0, b' ');
        out.push(b'\t');
    }
    out
}

prop_compose! {
    fn arb_extra()(name in arb_name(), value in arb_value(), upper in prop::bool::weighted(0.1),
                   pad_name in prop::bool::weighted(0.1), pad_value in prop::bool::weighted(0.1),
                   sensitive in any::<bool>(), at in any::<prop::sample::Index>())
                  -> (prop::sample::Index, HeaderField) {
        let field = HeaderField {
            name: Bytes::from(decorate(name, upper, pad_name)),
            value: Bytes::from(decorate(value, false, pad_value)),
            sensitive,
        };
        (at, field)
    }
}

prop_compose! {
    fn arb_block()(kind in prop::sample::select(KINDS.to_vec()), extended in any::<bool>(),
                   drop in prop::option::weighted(0.2, any::<prop::sample::Index>()),
                   extras in prop::collection::vec(arb_extra(), 0..4))
                  -> (BlockKind, bool, Vec<HeaderField>) {
        let mut fields = template(kind, extended);
        if let Some(i) = drop {
            fields.remove(i.index(fields.len()));
        }
        for (at, field) in extras {
            let i = at.index(fields.len() + 1);
            fields.insert(i, field);
        }
        (kind, extended, fields)
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    /// What prepare_outbound lets through, a strict peer's check_inbound
    /// accepts for the same kind, and both read the same BlockInfo.
    #[test]
    fn prepared_outbound_blocks_pass_inbound_checks(
        (kind, connect_protocol, fields) in arb_block(),
        normalize in any::<bool>(),
        split_cookies in any::<bool>(),
    ) {
        let out_rules = OutboundRules { validate: true, normalize, split_cookies, connect_protocol_enabled: connect_protocol };
        let in_rules = InboundRules { validate: true, normalize: false, connect_protocol_enabled: connect_protocol };
        if let Ok((sent, sent_info)) = prepare_outbound(fields, kind, &out_rules) {
            let checked = check_inbound(sent.clone(), kind, &in_rules);
            prop_assert!(checked.is_ok(), "sent {:?} refused: {:?}", sent, checked);
            let (received, received_info) = checked.unwrap();
            prop_assert_eq!(received, sent);
            prop_assert_eq!(received_info, sent_info);
        }
    }

    /// Normalisation is idempotent, and normalised blocks are validation-clean
    /// as far as case and whitespace go.
    #[test]
    fn outbound_normalisation_is_idempotent((kind, _c, fields) in arb_block()) {
        let rules = OutboundRules { validate: false, ..OutboundRules::default() };
        let (once, _) = prepare_outbound(fields, kind, &rules).unwrap();
        let (twice, _) = prepare_outbound(once.clone(), kind, &rules).unwrap();
        prop_assert_eq!(once, twice);
    }

    /// Any received list at all gives a result, never a panic; after a join at
    /// most one cookie field is left.
    #[test]
    fn check_inbound_never_panics(
        (kind, connect_protocol, fields) in arb_block(),
        validate in any::<bool>(),
    ) {
        let rules = InboundRules { validate, normalize: true, connect_protocol_enabled: connect_protocol };
        if let Ok((out, _)) = check_inbound(fields, kind, &rules) {
            prop_assert!(out.iter().filter(|x| x.name == "cookie").count() <= 1);
        }
    }
}

/// The property above is not vacuous: the generator yields blocks that pass
/// for every kind.
#[test]
fn generator_yields_accepted_blocks_of_every_kind() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, TestRng, TestRunner};
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::deterministic_rng(Default::default()),
    );
    let mut accepted = [0usize; 5];
    let mut total = [0usize; 5];
    for _ in 0..2000 {
        let (kind, connect_protocol, fields) = arb_block().new_tree(&mut runner).unwrap().current();
        let slot = KINDS.iter().position(|&k| k == kind).unwrap();
        total[slot] += 1;
        let rules = OutboundRules {
            connect_protocol_enabled: connect_protocol,
            ..OutboundRules::default()
        };
        if prepare_outbound(fields, kind, &rules).is_ok() {
            accepted[slot] += 1;
        }
    }
    for slot in 0..5 {
        assert!(
            accepted[slot] * 5 >= total[slot],
            "kind {:?}: {} of {}",
            KINDS[slot],
            accepted[slot],
            total[slot]
        );
    }
}
