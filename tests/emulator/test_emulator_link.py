"""The emulated Live in an Ableton Link session (``LinkSync``, ``livectl emulator --link``).

Real Link peers on this machine (the link extra), a real OSC client (python-osc, ``Peer``)
driving the emulator over UDP, and a livectl Sequencer following Link as the other side.
Waits are bounded; where peers cannot find each other, ``wait_for_peers`` fails saying why.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from livectl.emulator.link import LinkSync
from livectl.midi import Sequencer
from livectl.midi.link import LinkFollower, LinkSession

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("private_network")]

DISCOVERY_TIMEOUT_S = 10.0
PHASE_BOUND_MS = 2.0
QUANTUM = 4.0


class Recorder:
    def __init__(self) -> None:
        self.sent: list[tuple[int, Any]] = []

    def send(self, msg: Any) -> None:
        self.sent.append((time.perf_counter_ns(), msg))


def wait_until(check: Callable[[], bool], timeout_s: float, what: str,
               state: Callable[[], str] | None = None) -> float:
    started = time.monotonic()
    while not check():
        if time.monotonic() - started > timeout_s:
            pytest.fail(f"{what}: not within {timeout_s} s" + (f" ({state()})" if state else ""))
        time.sleep(0.005)
    return time.monotonic() - started


def wrap_ms(beats: float, tempo: float) -> float:
    return ((beats + QUANTUM / 2) % QUANTUM - QUANTUM / 2) * 60_000.0 / tempo


@pytest.fixture
def session() -> Iterator[LinkSession]:
    s = LinkSession(120.0, quantum=QUANTUM, start_stop_sync=True)
    yield s
    s.close()


@pytest.fixture
def sync(emu: Any) -> Iterator[LinkSync]:
    with LinkSync.join(emu.engine) as s:
        yield s


def song_vs_sequencer_ms(emu: Any, seq: Sequencer) -> tuple[float, float]:
    """(phase of the emulator's song minus the sequencer's, in ms; how long the two reads
    took, in ms), read back to back under the engine's lock."""
    engine = emu.engine
    with engine.lock:
        before = time.perf_counter_ns()
        engine.advance()
        song_time = engine.song.current_song_time
        seq_beat = seq.position_beats()
        after = time.perf_counter_ns()
        tempo = engine.song.tempo
    return wrap_ms(song_time - seq_beat, tempo), (after - before) / 1e6


def test_emulator_and_sequencer_agree_after_a_tempo_change_from_an_osc_client(
        emu, peer, sync, session):
    found_s = session.wait_for_peers(1, timeout_s=DISCOVERY_TIMEOUT_S)
    sync.session.wait_for_peers(1, timeout_s=DISCOVERY_TIMEOUT_S)
    seq = Sequencer(loop_beats=QUANTUM)
    seq.add_note(0, 60, 100, 0.25)
    with LinkFollower(session, seq) as follower:
        follower.start(Recorder())
        peer.send("/live/song/start_playing")
        # The emulator waits for the session's next bar (Live's quantized launch with Link).
        wait_until(lambda: emu.engine.song.current_song_time > 0.5, 10.0,
                   "the emulated song started in the session")
        peer.send("/live/song/set/tempo", 133.0)  # an OSC client sets Live's tempo...
        changed = time.monotonic()
        lead_s = wait_until(lambda: abs(session.tempo_bpm - 133.0) < 0.01, 5.0,
                            "the other peer took the emulator's tempo 133")  # ...Link leads
        wait_until(lambda: abs(seq.tempo_bpm - 133.0) < 0.01, 5.0, "the sequencer at 133")
        time.sleep(max(0.0, changed + 0.5 - time.monotonic()))  # the 0.5 s after the change
        samples = []
        while len(samples) < 40:
            diff_ms, read_ms = song_vs_sequencer_ms(emu, seq)
            if read_ms < 0.2:  # both read within 0.2 ms: a fair comparison
                samples.append(diff_ms)
            time.sleep(0.02)
        assert peer.query("/live/song/get/tempo")[0] == pytest.approx(133.0, abs=0.01)
        assert peer.query("/live/song/get/is_playing")[0]
    worst = max(map(abs, samples))
    print(f"discovery {found_s * 1000:.0f} ms; tempo reached the other peer after "
          f"{lead_s * 1000:.1f} ms; emulator vs sequencer phase: max {worst:.3f} ms over "
          f"{len(samples)} reads; the emulator was re-timed {sync.retimed} times")
    assert worst < PHASE_BOUND_MS, samples
    assert abs(sync.phase_error_ms()) < PHASE_BOUND_MS


def test_emulator_follows_a_peers_tempo_start_and_stop_and_leads_its_own(
        emu, peer, sync, session):
    session.wait_for_peers(1, timeout_s=DISCOVERY_TIMEOUT_S)
    sync.session.wait_for_peers(1, timeout_s=DISCOVERY_TIMEOUT_S)
    session.set_tempo(90.0)
    wait_until(lambda: abs(peer.query("/live/song/get/tempo")[0] - 90.0) < 0.01, 5.0,
               "the emulator's tempo (over OSC) followed the peer to 90")
    session.set_playing(True)
    wait_until(lambda: bool(peer.query("/live/song/get/is_playing")[0]), 5.0,
               "the emulator started with the peer")
    # In phase with the session once past its quantized start.
    wait_until(lambda: emu.engine.song.current_song_time > 0.25, 10.0, "song time moves")
    errors = []
    for _ in range(10):
        timeline = session.timeline()
        with emu.engine.lock:
            emu.engine.advance()
            song_time = emu.engine.song.current_song_time
        after = session.timeline()
        beat = (timeline.beat_at(timeline.ref_ns) + after.beat_at(after.ref_ns)) / 2
        if (after.ref_ns - timeline.ref_ns) < 200_000:
            errors.append(wrap_ms(song_time - beat, 90.0))
        time.sleep(0.02)
    assert errors and max(map(abs, errors)) < PHASE_BOUND_MS, errors
    session.set_playing(False)
    wait_until(lambda: not peer.query("/live/song/get/is_playing")[0], 5.0,
               "the emulator stopped with the peer")
    # And the other way: an OSC client starts and stops the emulator; the session follows.
    peer.send("/live/song/start_playing")
    wait_until(lambda: session.is_playing, 5.0, "the session started with the emulator")
    peer.send("/live/song/stop_playing")
    wait_until(lambda: not session.is_playing, 5.0, "the session stopped with the emulator")


def test_an_emulator_started_after_the_session_takes_its_tempo_and_phase(session, peer,
                                                                           tmp_path):
    """``livectl emulator --link``, its own process, joins a session already at 101 BPM."""
    session_born = time.monotonic()
    session.set_tempo(101.0)
    # When two sessions meet, Link keeps the older one, but for sessions founded within
    # 0.5 s of each other it picks by random session id (Ableton/link, Sessions.hpp): let
    # ours be older than that, as a session a newcomer joins is. It was founded when Link
    # applied its enable(), normally at once, at worst 0.5 s later (tests/midi/test_link.py::
    # test_a_new_session_is_found_at_once): 1.25 s covers both.
    time.sleep(max(0.0, session_born + 1.25 - time.monotonic()))
    # Its log (debug: LinkSync says when it adopts, leads or follows) goes to a file, which
    # a failure prints: a file, as a pipe nobody reads could fill and stall the emulator.
    log_path = tmp_path / "newcomer.log"
    log_file = log_path.open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "livectl", "-vv", "emulator", "--port", "0", "--json", "--link",
         "--tick-ms", "0", "--reply-to-source-port"],
        stdout=subprocess.PIPE, stderr=log_file, text=True,
        env=dict(os.environ, PYTHONUNBUFFERED="1"))

    def newcomer_log() -> str:
        lines = log_path.read_text(errors="replace").splitlines()
        return "\n".join(line for line in lines if "link" in line.lower())[-4000:]

    try:
        assert proc.stdout is not None
        ready, _, _ = select.select([proc.stdout], [], [], 30.0)
        line = proc.stdout.readline() if ready else ""
        if not line:
            proc.kill()
            proc.wait(5)
            pytest.fail(f"livectl emulator --link did not start: {log_path.read_text()[-4000:]}")
        info = json.loads(line)
        assert info["link"] is True
        found_s = session.wait_for_peers(1, timeout_s=DISCOVERY_TIMEOUT_S)
        peer.connect(info["port"], from_inbox=True)
        wait_until(lambda: abs(peer.query("/live/song/get/tempo")[0] - 101.0) < 0.01, 5.0,
                   "the newcomer emulator took the session's 101 BPM",
                   lambda: f"the session: {session.tempo_bpm:.3f} BPM, {session.peers} peer(s); "
                           f"the newcomer's log:\n{newcomer_log()}")
        peer.send("/live/song/start_playing")
        wait_until(lambda: session.is_playing, 5.0, "the session started with the emulator")
        wait_until(lambda: peer.query("/live/song/get/current_song_time")[0] > 0.5, 10.0,
                   "the emulator's song time moves")
        errors, round_trips = [], []
        for _ in range(20):
            # The song time is read somewhere between the two captures: it must lie within
            # the session's beats over that window (widened by the bound).
            first = session.timeline()
            song_time = peer.query("/live/song/get/current_song_time")[0]
            last = session.timeline()
            early = wrap_ms(song_time - first.beat_at(first.ref_ns), 101.0)
            late = wrap_ms(song_time - last.beat_at(last.ref_ns), 101.0)
            errors.append(0.0 if late <= 0.0 <= early else min(abs(early), abs(late)))
            round_trips.append((last.ref_ns - first.ref_ns) / 1e6)
            time.sleep(0.02)
        print(f"newcomer emulator found the session in {found_s * 1000:.0f} ms; phase vs the "
              f"session over OSC: max {max(errors):.3f} ms outside the read window "
              f"(round trips median {sorted(round_trips)[10]:.2f} ms)")
        assert max(errors) < PHASE_BOUND_MS, list(zip(errors, round_trips, strict=True))
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        log_file.close()
