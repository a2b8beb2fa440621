#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| h2_fuzz::server_receive(data));
