//! Budgets for what a peer can make us do, counted without a clock.
//!
//! A time window would need the caller's clock; instead each budget counts
//! events and is refilled by the peer's useful work, so a well-behaved peer
//! never runs dry however long the connection lives, and an abusive one runs
//! dry after a fixed amount of waste whatever its pace.
//!
//! - **Stream resets** (Rapid Reset, CVE-2023-44487; MadeYouReset,
//!   CVE-2025-8671): a token bucket of [`Limits::stream_reset_budget`]
//!   tokens. A reset the peer caused spends one; a stream that completed
//!   normally earns one back, up to the budget. The refill is applied
//!   lazily, at the next charge, from the store's running count of completed
//!   streams: capping at the end gives the same result as capping at each
//!   completion, since nothing spends tokens in between.
//! - **Empty frames** (CVE-2019-9518): frames in a row that carry nothing,
//!   reset by any frame that delivers something.

use crate::{Error, Limit, Limits};

/// The running budgets of one connection.
#[derive(Debug)]
pub(crate) struct Budgets {
    /// Resets the peer may still cause.
    reset_tokens: usize,
    /// The store's count of completed streams at the last charge.
    completed_seen: u64,
    /// Empty frames since the last frame that carried something.
    empty_run: usize,
}

impl Budgets {
    /// Full budgets.
    pub(crate) fn new(limits: &Limits) -> Self {
        Self {
            reset_tokens: limits.stream_reset_budget,
            completed_seen: 0,
            empty_run: 0,
        }
    }

    /// Spends one reset token, after refilling one per stream completed
    /// since the last charge (`completed` is the running total).
    pub(crate) fn charge_reset(&mut self, completed: u64, limits: &Limits) -> Result<(), Error> {
        let earned = completed.saturating_sub(self.completed_seen);
        self.completed_seen = completed;
        let earned = usize::try_from(earned).unwrap_or(usize::MAX);
        self.reset_tokens = self
            .reset_tokens
            .saturating_add(earned)
            .min(limits.stream_reset_budget);
        match self.reset_tokens.checked_sub(1) {
            Some(left) => {
                self.reset_tokens = left;
                Ok(())
            }
            None => Err(Error::DenialOfService {
                limit: Limit::StreamResets,
            }),
        }
    }

    /// Counts a frame that carried nothing.
    pub(crate) fn empty_frame(&mut self, limits: &Limits) -> Result<(), Error> {
        if self.empty_run >= limits.max_empty_frames {
            return Err(Error::DenialOfService {
                limit: Limit::EmptyFrames,
            });
        }
        self.empty_run += 1;
        Ok(())
    }

    /// A frame delivered something: the run of empty frames is over.
    pub(crate) fn progress(&mut self) {
        self.empty_run = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(resets: usize, empty: usize) -> Limits {
        Limits {
            stream_reset_budget: resets,
            max_empty_frames: empty,
            ..Limits::default()
        }
    }

    fn exhausted(limit: Limit) -> Result<(), Error> {
        Err(Error::DenialOfService { limit })
    }

    #[test]
    fn resets_run_out_after_the_budget() {
        let limits = limits(3, 0);
        let mut budgets = Budgets::new(&limits);
        for _ in 0..3 {
            budgets.charge_reset(0, &limits).unwrap();
        }
        assert_eq!(
            budgets.charge_reset(0, &limits),
            exhausted(Limit::StreamResets)
        );
    }

    #[test]
    fn completed_streams_earn_resets_back_up_to_the_budget() {
        let limits = limits(2, 0);
        let mut budgets = Budgets::new(&limits);
        budgets.charge_reset(0, &limits).unwrap();
        budgets.charge_reset(0, &limits).unwrap();
        // 10 completions refill to the cap of 2, not to 10.
        budgets.charge_reset(10, &limits).unwrap();
        budgets.charge_reset(10, &limits).unwrap();
        assert_eq!(
            budgets.charge_reset(10, &limits),
            exhausted(Limit::StreamResets)
        );
        // One reset per completed stream goes on for ever.
        for completed in 11..1000 {
            budgets.charge_reset(completed, &limits).unwrap();
        }
    }

    #[test]
    fn a_zero_budget_refuses_the_first_reset() {
        let limits = limits(0, 0);
        let mut budgets = Budgets::new(&limits);
        assert_eq!(
            budgets.charge_reset(5, &limits),
            exhausted(Limit::StreamResets)
        );
    }

    #[test]
    fn empty_frames_are_counted_in_a_row_and_reset_by_progress() {
        let limits = limits(0, 2);
        let mut budgets = Budgets::new(&limits);
        budgets.empty_frame(&limits).unwrap();
        budgets.empty_frame(&limits).unwrap();
        budgets.progress();
        budgets.empty_frame(&limits).unwrap();
        budgets.empty_frame(&limits).unwrap();
        assert_eq!(budgets.empty_frame(&limits), exhausted(Limit::EmptyFrames));
    }
}
