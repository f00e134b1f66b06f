package dev.bqsync.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bqsync.core.state.Cursor;
import dev.bqsync.core.usage.NumberKey;
import dev.bqsync.core.usage.RowKey;
import dev.bqsync.core.usage.TieBreak;
import dev.bqsync.core.usage.TimeKey;
import dev.bqsync.port.CursorStore;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

abstract class CursorStoreContract {
  protected abstract CursorStore store();

  @Test
  void aSectionWithoutACursorHasNone() {
    assertThat(store().find("acme", "logins")).isEmpty();
  }

  @Test
  void aCommittedCursorIsReadBackExactlyEvenBeyondSixtyFourBits() {
    BigInteger thirtyTwoDigits = new BigInteger("98765432109876543210987654321098");
    Cursor cursor = new Cursor("logins", thirtyTwoDigits, 1_763_000_000_123L, Instant.parse("2026-11-23T10:00:00.123456Z"),
        Instant.parse("2026-11-23T09:59:58Z"));

    store().commit("acme", cursor, null);

    assertThat(store().find("acme", "logins")).contains(cursor);
  }

  @Test
  void aTimeCursorIsReadBackAtTheMicrosecondWithItsTieBreak() {
    for (RowKey position : List.<RowKey>of(
        TimeKey.of(Instant.parse("2026-11-23T10:15:30.000001Z"), new TieBreak.Int(Long.MIN_VALUE)),
        TimeKey.of(LocalDateTime.parse("0001-01-01T00:00:00"), new TieBreak.Text("evt~7#é")),
        TimeKey.of(Instant.parse("9999-12-31T23:59:59.999999Z"), new TieBreak.Text("")))) {
      Cursor cursor = new Cursor("logins", position, null, Instant.parse("2026-11-23T10:00:00Z"), null, 2);

      store().commit("acme", cursor, null);

      assertThat(store().find("acme", "logins")).contains(cursor);
    }
  }

  @Test
  void aLaterCommitReplacesTheCursorAndResetForgetsIt() {
    store().commit("acme", new Cursor("logins", BigInteger.TEN, null, Instant.parse("2026-11-23T10:00:00Z"), null), null);
    store().commit("acme", new Cursor("logins", BigInteger.valueOf(20), null, Instant.parse("2026-11-23T10:05:00Z"), null), null);

    assertThat(store().find("acme", "logins")).get().extracting(Cursor::position).isEqualTo(NumberKey.of(20));

    Cursor replay = store().reset("acme", "logins", false);
    assertThat(store().find("acme", "logins")).contains(replay);
    assertThat(replay.position()).isNull();
    assertThat(replay.lastRunAt()).as("due at once").isNull();
    assertThat(replay.generation()).isZero();
    assertThat(store().reset("acme", "logins", true).generation()).isEqualTo(1);
    assertThat(store().reset("acme", "logins", false).generation()).as("a replay keeps the generation").isEqualTo(1);
    assertThat(store().find("acme", "logins").orElseThrow().generation()).isEqualTo(1);
  }

  @Test
  void aCursorThatHasReadNothingYetKeepsItsRunTime() {
    Cursor ran = Cursor.start("logins").caughtUp(null, Instant.parse("2026-11-23T10:00:00Z"),
        Instant.parse("2026-11-23T10:00:00Z"));

    store().commit("acme", ran, null);

    assertThat(store().find("acme", "logins")).contains(ran);
  }

  @Test
  void cursorsAreKeptPerTenantAndSection() {
    store().commit("acme", new Cursor("logins", BigInteger.ONE, null, Instant.parse("2026-11-23T10:00:00Z"), null), null);

    assertThat(store().find("acme", "metrics")).isEmpty();
    assertThat(store().find("globex", "logins")).isEmpty();
  }
}
