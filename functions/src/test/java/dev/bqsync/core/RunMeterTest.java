package dev.bqsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunMeterTest {
  @Test
  void countsOnlyWhileOpenAndANestedMeterGivesTheOuterOneBack() {
    RunMeter.job(100, 10); // no meter: nothing to count on
    try (RunMeter outer = RunMeter.open()) {
      RunMeter.job(100, 30);
      RunMeter.job(-1, -1); // unknown bytes and times count as none
      try (RunMeter inner = RunMeter.open()) {
        RunMeter.rowsTransferred(5);
        RunMeter.crmReads(2);
        assertThat(inner.totals()).isEqualTo(new RunMeter.Totals(0, 0, 0, 5, 2));
      }
      RunMeter.crmReads(1);
      assertThat(outer.totals()).isEqualTo(new RunMeter.Totals(2, 100, 30, 0, 1));
    }
    assertThat(RunMeter.current()).isEmpty();
  }
}
