"""The emulated Live in an Ableton Link session: its transport follows and leads the peers.

As Live does with Link switched on (and Start Stop Sync on): a tempo set in the set goes to
every peer, a peer's tempo comes into the set; a start or stop here starts or stops the
session, and a peer's start or stop starts or stops the song; while playing, song time keeps
the session's phase within the *quantum* (in Live, the Global Quantization: a bar by
default), and a start waits for the session's next phase boundary, Live's quantized launch.

The object model knows nothing of Link: this module reads the LOM's tempo and transport and
re-times its song clock (``LiveEngine.retime``), from its own thread every ``poll_s``::

    with LinkSync.join(emulator.engine) as sync:    # needs the link extra
        ...                                          # sync.session is the Link peer

or ``livectl emulator --link``.
"""

from __future__ import annotations

import logging
import threading
from types import TracebackType
from typing import Any

from livectl.checks import check_real_range
from livectl.midi.link import LinkSession

__all__ = ["LinkSync"]

log = logging.getLogger(__name__)

_TEMPO_EPSILON = 1e-3  # Link stores tempo as µs per beat: 133 comes back as 132.99995


def _song_quantum(song: Any) -> float:
    """Live ties Link's quantum to the Global Quantization; none (or under a beat): 1 beat."""
    from livectl.emulator.lom.enums import song_quantum_beats

    bar = song.signature_numerator * 4.0 / song.signature_denominator
    return max(1.0, min(64.0, song_quantum_beats(song.clip_trigger_quantization, bar)))


class LinkSync:
    """Keeps a LiveEngine's song and a :class:`LinkSession` together, from a thread."""

    def __init__(self, engine: Any, session: LinkSession, *, poll_s: float = 0.005,
                 tolerance_s: float = 100e-6, owns_session: bool = False) -> None:
        self.engine = engine
        self.session = session
        self.poll_s = check_real_range("poll_s", poll_s, 0.001, 1.0, unit="s")
        self.tolerance_s = check_real_range("tolerance_s", tolerance_s, 0.0, 0.1, unit="s")
        self.retimed = 0
        self._owns_session = owns_session
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._song: Any = None
        self._song_tempo = 0.0
        self._song_playing = False
        self._link_playing = False
        self._hold_for_start = False

    @classmethod
    def join(cls, engine: Any, *, start_stop_sync: bool = True, **kw: Any) -> LinkSync:
        """A new Link peer at the song's tempo, kept in sync with ``engine`` (started)."""
        with engine.lock:
            song = engine.song
            session = LinkSession(song.tempo, quantum=_song_quantum(song),
                                  start_stop_sync=start_stop_sync)
        return cls(engine, session, owns_session=True, **kw).start()

    def __repr__(self) -> str:
        return f"<LinkSync {self.session!r} {'running' if self.running else 'stopped'}>"

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> LinkSync:
        if self.running:
            return self
        self._stopping.clear()
        with self.engine.lock:
            self._adopt(self.engine.song)
        self._thread = threading.Thread(target=self._run, name="livectl-emulator-link",
                                        daemon=True)
        self._thread.start()
        return self

    def close(self, timeout_s: float = 5.0) -> None:
        """Stop syncing (and leave the session if this object made it); twice is harmless."""
        self._stopping.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout_s)
        if self._owns_session:
            self.session.close()

    def __enter__(self) -> LinkSync:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # -- the loop ------------------------------------------------------------------------------
    def _adopt(self, song: Any) -> None:
        """Take ``song`` (a new one after a reset or a load) as it is, pushing nothing."""
        self._song = song
        self._song_tempo = song.tempo
        self._song_playing = song.is_playing
        self._link_playing = self.session.is_playing
        log.debug("Link: adopted a song at %.3f BPM (%s); the session at %.3f BPM, %d peer(s)",
                  song.tempo, "playing" if song.is_playing else "stopped",
                  self.session.tempo_bpm, self.session.peers)

    def _run(self) -> None:
        while not self._stopping.wait(self.poll_s):
            try:
                with self.engine.lock:
                    self.sync()
            except Exception:  # a bad moment is logged; the session goes on
                log.exception("Link sync of the emulated set failed")

    def sync(self) -> None:
        """One look at both sides (the engine's lock held): what changed here goes to the
        session, what changed there comes here, then the song's phase is put right."""
        song = self.engine.song
        if song is not self._song:
            self._adopt(song)
        session = self.session
        self._sync_tempo(song)
        if session.start_stop_sync:
            self._sync_transport(song)
        elif song.is_playing != self._song_playing:  # transport not shared: phase only
            self._song_playing = song.is_playing
            self._hold_for_start = song.is_playing
        if song.is_playing:
            self._sync_phase(song)

    def _sync_tempo(self, song: Any) -> None:
        tempo = song.tempo
        if tempo != self._song_tempo:  # set here (a client, a scene): lead the session
            log.debug("Link: lead: the song went %.3f -> %.3f BPM; the session at %.3f BPM, "
                      "%d peer(s)", self._song_tempo, tempo, self.session.tempo_bpm,
                      self.session.peers)
            self.session.set_tempo(tempo)
            self._song_tempo = tempo
            return
        session_tempo = self.session.tempo_bpm
        if abs(session_tempo - tempo) > _TEMPO_EPSILON:  # a peer's change: follow it
            log.debug("Link: follow: the session went to %.3f BPM (%d peer(s)); the song was "
                      "at %.3f", session_tempo, self.session.peers, tempo)
            song.tempo = session_tempo
            self._song_tempo = song.tempo

    def _sync_transport(self, song: Any) -> None:
        playing = song.is_playing
        if playing != self._song_playing:  # started or stopped here: tell the peers
            self._song_playing = playing
            self.session.set_playing(playing)
            self._link_playing = playing
            self._hold_for_start = playing
            return
        link_playing = self.session.is_playing
        if link_playing != self._link_playing:  # a peer started or stopped the session
            self._link_playing = link_playing
            if link_playing and not playing:
                song.start_playing()
                self._hold_for_start = True
            elif not link_playing and playing:
                song.stop_playing()
            self._song_playing = song.is_playing

    def _sync_phase(self, song: Any) -> None:
        engine = self.engine
        quantum = _song_quantum(song)
        timeline = self.session.timeline(quantum, clock_ns=lambda: round(engine.clock() * 1e9))
        at = timeline.ref_ns / 1e9
        engine.advance(at)
        song_time = song.current_song_time
        link_beat = timeline.beat_at(timeline.ref_ns)
        if self._hold_for_start:
            # A start waits for the session's next moment in phase with where the song
            # starts: Live's quantized launch with Link.
            error = -((song_time - link_beat) % quantum)
            self._hold_for_start = False
        else:
            error = (link_beat - song_time + quantum / 2) % quantum - quantum / 2
        if abs(error) * 60.0 / song.tempo > self.tolerance_s:
            engine.retime(song_time + error, at)
            self.retimed += 1

    def phase_error_ms(self) -> float:
        """How far the song is from the session's phase now, in ms (0 when stopped)."""
        engine = self.engine
        with engine.lock:
            song = engine.song
            if not song.is_playing:
                return 0.0
            quantum = _song_quantum(song)
            timeline = self.session.timeline(quantum,
                                             clock_ns=lambda: round(engine.clock() * 1e9))
            engine.advance(timeline.ref_ns / 1e9)
            off = (song.current_song_time - timeline.beat_at(timeline.ref_ns)
                   + quantum / 2) % quantum - quantum / 2
            return float(off * 60_000.0 / song.tempo)
