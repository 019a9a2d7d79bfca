// Drives ableton-js's Node API against its own MIDI Remote Script, hosted on livectl's
// emulated Live. Our own code: it only uses ableton-js's public API (npm package, MIT).
//
//   node driver.mjs ABLETON_JS_PACKAGE_DIR
//
// The script and this client find each other through the port files ableton-js keeps in
// os.tmpdir(): the caller sets TMPDIR to the same folder for both. Output: one JSON object per
// line: {"check": NAME, "ok": true|false, "error": TEXT?} per check, {"await": ...} when the
// caller must act (send MIDI to the script's input), and {"done": true, ...} last.

import path from "node:path";
import { pathToFileURL } from "node:url";

const packageDir = process.argv[2];
if (!packageDir) {
  console.error("usage: node driver.mjs ABLETON_JS_PACKAGE_DIR");
  process.exit(2);
}
const { Ableton } = await import(pathToFileURL(path.join(packageDir, "index.js")).href);
const { Namespace } = await import(pathToFileURL(path.join(packageDir, "ns", "index.js")).href);

// ableton-js quirk (4.1.0, its script, on Live too): a cached get sends the etag of its last
// answer, and the script answers {"__cached": true} when the new answer hashes the same. But
// the script hashes json.dumps(result, default=str), and list-valued getters (devices,
// clip_slots, tracks, ...) return a map object: the hash is that of "<map object at 0x...>",
// its address. A new list that lands at the address of the one the client cached comes back
// as the stale list (seen: a track's devices still ["Operator"] after loading a Reverb, 1 run
// in ~16). So this driver reads fresh unless a check asks for the cache ("cache.etag" does,
// with a value the script hashes by content).
const cachedGet = Namespace.prototype.get;
Namespace.prototype.get = function get(prop, useCache) {
  return cachedGet.call(this, prop, useCache ?? false);
};

const CHECK_TIMEOUT_MS = 20000;
const EVENT_TIMEOUT_MS = 8000;
const results = [];

function emit(obj) {
  process.stdout.write(JSON.stringify(obj) + "\n");
}

// Listener values may be ableton-js namespace objects (which hold the client): show their raw.
function show(values) {
  return JSON.stringify(values.map((v) => (Array.isArray(v) ? v.map((x) => x?.raw ?? x) : v?.raw ?? v)));
}

function fail(message) {
  throw new Error(message);
}

function eq(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) fail(`${what}: expected ${e}, got ${a}`);
}

function close(actual, expected, what, tolerance = 1e-6) {
  if (typeof actual !== "number" || Math.abs(actual - expected) > tolerance) {
    fail(`${what}: expected ${expected}, got ${JSON.stringify(actual)}`);
  }
}

function truthy(value, what) {
  if (!value) fail(`${what}: got ${JSON.stringify(value)}`);
}

// Resolves with the first listener value satisfying pred (events are pushed by Live: no polling).
function nextEvent(events, pred, what, timeoutMs = EVENT_TIMEOUT_MS) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${what}: no such event within ${timeoutMs} ms; saw ${show(events.values.slice(-10))}`)),
      timeoutMs,
    );
    const test = () => {
      const hit = events.values.find(pred);
      if (hit !== undefined) {
        clearTimeout(timer);
        events.waiters.delete(test);
        resolve(hit);
      }
    };
    events.waiters.add(test);
    test();
  });
}

async function listen(ns, prop) {
  const events = { values: [], waiters: new Set() };
  events.remove = await ns.addListener(prop, (value) => {
    events.values.push(value);
    for (const waiter of [...events.waiters]) waiter();
  });
  return events;
}

// Repeats a get until pred holds (for states Live reaches on its own clock), with a deadline.
async function until(get, pred, what, timeoutMs = EVENT_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  let value;
  while (Date.now() < deadline) {
    value = await get();
    if (pred(value)) return value;
  }
  fail(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
}

// Optional second argument: comma-separated check-name prefixes to run (for debugging).
const only = process.argv[3] ? process.argv[3].split(",") : null;

async function check(name, fn) {
  if (only && !only.some((prefix) => name.startsWith(prefix))) return;
  let timer;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    results.push({ check: name, ok: true });
    emit({ check: name, ok: true });
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    results.push({ check: name, ok: false, error: text });
    emit({ check: name, ok: false, error: text });
  } finally {
    clearTimeout(timer);
  }
}

const state = {};
function need(key) {
  if (state[key] === undefined) fail(`needs ${key}, which an earlier check did not provide`);
  return state[key];
}

const ableton = new Ableton({ commandTimeoutMs: 5000, heartbeatInterval: 1000, disableCache: false });
try {
  await ableton.start(15000);
} catch (error) {
  emit({ check: "connect", ok: false, error: String(error) });
  emit({ done: true, passed: 0, failed: 1 });
  process.exit(1);
}
emit({ check: "connect", ok: true });
const { song, application, session, internal, midi } = ableton;

// ------------------------------------------------------------------ application / internal

await check("internal.version", async () => {
  eq(await internal.get("version"), JSON.parse(await import("node:fs").then((fs) =>
    fs.readFileSync(path.join(packageDir, "package.json"), "utf8"))).version, "script version");
  eq(await internal.isPluginUpToDate(), true, "isPluginUpToDate");
  eq(await internal.get("ping"), true, "ping");
});

await check("application.version", async () => {
  const major = await application.get("major_version");
  const minor = await application.get("minor_version");
  const bugfix = await application.get("bugfix_version");
  for (const [n, v] of [["major", major], ["minor", minor], ["bugfix", bugfix]]) {
    truthy(Number.isInteger(v) && v >= 0, `${n}_version is an int`);
  }
  truthy(major >= 11, "major_version >= 11 (ableton-js needs Live 11+)");
  eq(await application.get("version"), `${major}.${minor}.${bugfix}`, "version string");
});

await check("application.dialogs", async () => {
  eq(await application.get("open_dialog_count"), 0, "open_dialog_count");
});

await check("application_view.views", async () => {
  const view = application.view;
  const views = await view.availableMainViews();
  truthy(Array.isArray(views) && views.includes("Session") && views.includes("Browser"),
    `availableMainViews has Session and Browser (${JSON.stringify(views)})`);
  await view.showView("Arranger");
  await view.focusView("Arranger");
  eq(await view.isViewVisible("Arranger"), true, "Arranger visible after showView");
  eq(await view.get("focused_document_view"), "Arranger", "focused_document_view");
  await view.focusView("Session");
  eq(await view.get("focused_document_view"), "Session", "focused_document_view");
});

// ------------------------------------------------------------------ song

await check("song.tempo", async () => {
  close(await song.get("tempo"), 120, "default tempo");
  await song.set("tempo", 133.5);
  close(await song.get("tempo"), 133.5, "tempo after set");
});

await check("song.tempo_listener", async () => {
  const events = await listen(song, "tempo");
  await song.set("tempo", 140);
  await song.set("tempo", 140); // no change: Live does not notify
  await song.set("tempo", 141);
  // Each set's notification is sent before its reply, so all have arrived by now.
  eq(events.values, [140, 141], "tempo events (only on change)");
  const removed = await events.remove();
  eq(removed, true, "listener removal result");
  await song.set("tempo", 120);
  eq(events.values, [140, 141], "no events after removal");
});

await check("song.properties", async () => {
  eq(await song.get("signature_numerator"), 4, "signature_numerator");
  eq(await song.get("signature_denominator"), 4, "signature_denominator");
  await song.set("signature_numerator", 3);
  eq(await song.get("signature_numerator"), 3, "signature_numerator after set");
  await song.set("signature_numerator", 4);
  await song.set("metronome", true);
  eq(await song.get("metronome"), true, "metronome");
  await song.set("metronome", false);
  await song.set("loop_start", 4);
  await song.set("loop_length", 8);
  eq([await song.get("loop_start"), await song.get("loop_length")], [4, 8], "loop region");
  await song.set("clip_trigger_quantization", "q_half");
  eq(await song.get("clip_trigger_quantization"), "q_half", "clip_trigger_quantization");
  await song.set("clip_trigger_quantization", "q_bar");
  await song.set("midi_recording_quantization", "rec_q_sixtenth");
  eq(await song.get("midi_recording_quantization"), "rec_q_sixtenth", "midi_recording_quantization");
  await song.set("midi_recording_quantization", "rec_q_no_q");
});

await check("cache.etag", async () => {
  // A value the script hashes by its content (a track, serialised to a dict): the second
  // read with the cache is answered "unchanged" and gives the same value; after a change
  // the new one.
  const tracks = await song.get("tracks");
  await song.view.set("selected_track", tracks[0].raw.id);
  const first = await song.view.get("selected_track", true);
  const again = await song.view.get("selected_track", true);
  eq(again.raw, first.raw, "cached read of an unchanged value");
  await song.view.set("selected_track", tracks[1].raw.id);
  eq((await song.view.get("selected_track", true)).raw.id, tracks[1].raw.id,
     "cached read after a change");
});

await check("song.data", async () => {
  await song.setData("livectl-key", { a: [1, 2] });
  eq(await song.getData("livectl-key"), { a: [1, 2] }, "song data round trip");
});

await check("song.tracks", async () => {
  const tracks = await song.get("tracks");
  eq(tracks.map((t) => t.raw.name), ["1-MIDI", "2-MIDI", "3-Audio", "4-Audio"], "track names");
  truthy(tracks.every((t) => typeof t.raw.id === "string"), "tracks have ids");
  state.tracks = tracks;
  const returns = await song.get("return_tracks");
  eq(returns.length, 2, "return track count");
  const master = await song.get("master_track");
  eq(master.raw.name, "Main", "master track name");
  const visible = await song.get("visible_tracks");
  eq(visible.length, 4, "visible tracks");
});

await check("song.create_delete_track", async () => {
  const events = await listen(song, "tracks");
  const created = await song.createMidiTrack(-1);
  truthy(created && created.raw.id, "createMidiTrack returns a track");
  let tracks = await song.get("tracks");
  eq(tracks.length, 5, "track count after createMidiTrack");
  eq(tracks[4].raw.id, created.raw.id, "the new track is last");
  await created.set("name", "Driver");
  eq(await created.get("name"), "Driver", "name set on the new track");
  const audio = await song.createAudioTrack(0);
  tracks = await song.get("tracks");
  eq(tracks[0].raw.id, audio.raw.id, "createAudioTrack(0) inserts first");
  await song.deleteTrack(0);
  await song.deleteTrack(4);
  tracks = await song.get("tracks");
  eq(tracks.map((t) => t.raw.name), ["1-MIDI", "2-MIDI", "3-Audio", "4-Audio"], "names after deletes");
  await nextEvent(events, (v) => Array.isArray(v) && v.length === 4, "tracks listener");
  truthy(events.values.length >= 4, `tracks listener fired per change (${events.values.length})`);
  await events.remove();
});

await check("song.return_tracks", async () => {
  const created = await song.createReturnTrack();
  truthy(created && created.raw.id, "createReturnTrack returns a track");
  eq((await song.get("return_tracks")).length, 3, "return tracks after create");
  await song.deleteReturnTrack(2);
  eq((await song.get("return_tracks")).length, 2, "return tracks after delete");
});

await check("song.scenes", async () => {
  const scenes = await song.get("scenes");
  eq(scenes.length, 8, "scene count");
  const created = await song.createScene(-1);
  truthy(created && created.raw.id, "createScene returns a scene");
  await created.set("name", "Outro");
  eq(await created.get("name"), "Outro", "scene name");
  eq((await song.get("scenes")).length, 9, "scene count after create");
  await song.duplicateScene(8);
  const after = await song.get("scenes");
  eq(after.length, 10, "scene count after duplicate");
  eq(after[9].raw.name, "Outro", "duplicated scene name");
  await song.deleteScene(9);
  await song.deleteScene(8);
  eq((await song.get("scenes")).length, 8, "scene count after deletes");
  const slots = await scenes[0].get("clip_slots");
  eq(slots.length, 4, "a scene has one slot per track");
});

await check("song.cue_points", async () => {
  await song.set("current_song_time", 0);
  await song.setOrDeleteCue();
  await song.set("current_song_time", 8);
  await song.setOrDeleteCue();
  let cues = await song.get("cue_points");
  eq(cues.map((c) => c.raw.time), [0, 8], "cue point times");
  await cues[1].set("name", "Chorus");
  eq(await cues[1].get("name"), "Chorus", "cue point name");
  await song.set("current_song_time", 4);
  await song.jumpToNextCue();
  close(await song.get("current_song_time"), 8, "jump_to_next_cue");
  await song.jumpToPrevCue();
  close(await song.get("current_song_time"), 0, "jump_to_prev_cue");
  await cues[1].jump();
  close(await song.get("current_song_time"), 8, "CuePoint.jump");
  await song.setOrDeleteCue(); // at 8: deletes it
  cues = await song.get("cue_points");
  eq(cues.map((c) => c.raw.time), [0], "cue points after delete");
  await song.set("current_song_time", 0);
  await song.setOrDeleteCue();
  eq((await song.get("cue_points")).length, 0, "no cue points left");
});

await check("song.transport", async () => {
  await song.set("current_song_time", 0);
  const playing = await listen(song, "is_playing");
  const time = await listen(song, "current_song_time");
  eq(await song.safeStartPlaying(), true, "safeStartPlaying starts");
  eq(await song.safeStartPlaying(), false, "safeStartPlaying while playing");
  await nextEvent(playing.values ? playing : playing, (v) => v === true, "is_playing -> true");
  await nextEvent(time, (v) => v > 0.25, "current_song_time advances");
  eq(await song.get("is_playing"), true, "is_playing");
  eq(await song.safeStopPlaying(), true, "safeStopPlaying stops");
  await nextEvent(playing, (v) => v === false, "is_playing -> false");
  eq(await song.safeStopPlaying(), false, "safeStopPlaying while stopped");
  await song.startPlaying();
  await nextEvent(playing, (v, i) => playing.values.filter((x) => x === true).length >= 2, "second start");
  await song.stopPlaying();
  eq(await song.get("is_playing"), false, "stopPlaying");
  await song.set("current_song_time", 0);
  await playing.remove();
  await time.remove();
});

await check("song.smpte_time", async () => {
  await song.set("current_song_time", 8); // 8 beats at 120 BPM = 4 s
  const t = await song.getCurrentSmpteSongTime(1);
  eq([t.hours, t.minutes, t.seconds, t.frames], [0, 0, 4, 0], "SMPTE time at beat 8, 120 BPM");
  await song.set("current_song_time", 0);
});

await check("song.undo", async () => {
  await song.createScene(-1);
  eq((await song.get("scenes")).length, 9, "scene created");
  truthy(await song.get("can_undo"), "can_undo after a change");
  await song.undo();
  eq((await song.get("scenes")).length, 8, "scene count after undo");
  truthy(await song.get("can_redo"), "can_redo after undo");
  await song.redo();
  eq((await song.get("scenes")).length, 9, "scene count after redo");
  await song.deleteScene(8);
});

await check("song_view.selection", async () => {
  const tracks = need("tracks");
  await song.view.set("selected_track", tracks[1].raw.id);
  eq((await song.view.get("selected_track")).raw.id, tracks[1].raw.id, "selected_track");
  const scenes = await song.get("scenes");
  await song.view.set("selected_scene", scenes[2].raw.id);
  eq((await song.view.get("selected_scene")).raw.id, scenes[2].raw.id, "selected_scene");
  const slot = (await tracks[1].get("clip_slots"))[2];
  eq((await song.view.get("highlighted_clip_slot")).raw.id, slot.raw.id, "highlighted_clip_slot follows selection");
  await song.view.set("selected_scene", scenes[0].raw.id);
  await song.view.set("selected_track", tracks[0].raw.id);
});

// ------------------------------------------------------------------ tracks

await check("track.properties", async () => {
  const track = need("tracks")[0];
  const names = await listen(track, "name");
  await track.set("name", "Lead");
  await nextEvent(names, (v) => v === "Lead", "track name listener");
  await track.set("name", "1-MIDI");
  await names.remove();
  await track.set("mute", true);
  eq(await track.get("mute"), true, "mute");
  await track.set("mute", false);
  await track.set("solo", true);
  eq(await track.get("solo"), true, "solo");
  await track.set("solo", false);
  await track.set("arm", true);
  eq(await track.get("arm"), true, "arm");
  await track.set("arm", false);
  eq(await track.get("has_midi_input"), true, "MIDI track has MIDI input");
  eq(await track.get("is_foldable"), false, "is_foldable");
  const types = await track.get("available_output_routing_types");
  truthy(Array.isArray(types) && types.length > 0 && typeof types[0].display_name === "string",
    "available_output_routing_types");
  const clipSlots = await track.get("clip_slots");
  eq(clipSlots.length, 8, "clip slots per track");
});

await check("track.mixer_device", async () => {
  const track = need("tracks")[0];
  const mixer = await track.get("mixer_device");
  const volume = await mixer.get("volume");
  eq(volume.raw.name, "Track Volume", "volume parameter name");
  const values = await listen(volume, "value");
  await volume.set("value", 0.5);
  close(await volume.get("value"), 0.5, "volume after set");
  await nextEvent(values, (v) => Math.abs(v - 0.5) < 1e-6, "volume value listener");
  await values.remove();
  const pan = await mixer.get("panning");
  eq(pan.raw.name, "Track Panning", "panning parameter name");
  close(await pan.get("min"), -1, "panning min");
  const sends = await mixer.get("sends");
  eq(sends.length, 2, "one send per return track");
});

// ------------------------------------------------------------------ clip slots and clips

await check("clip_slot.create_clip", async () => {
  const track = need("tracks")[0];
  const slots = await track.get("clip_slots");
  const slot = slots[0];
  const hasClip = await listen(slot, "has_clip");
  eq(await slot.get("has_clip"), false, "empty slot");
  await slot.createClip(4);
  eq(await slot.get("has_clip"), true, "has_clip after createClip");
  await nextEvent(hasClip, (v) => v === true, "has_clip listener");
  await hasClip.remove();
  const clip = await slot.get("clip");
  truthy(clip && clip.raw.is_midi_clip, "a MIDI clip");
  close(await clip.get("length"), 4, "clip length");
  state.slots = slots;
  state.clip = clip;
});

await check("clip.properties", async () => {
  const clip = need("clip");
  const names = await listen(clip, "name");
  await clip.set("name", "Riff");
  eq(await clip.get("name"), "Riff", "clip name");
  await nextEvent(names, (v) => v === "Riff", "clip name listener");
  await names.remove();
  await clip.set("looping", true);
  await clip.set("loop_end", 8);
  close(await clip.get("loop_end"), 8, "loop_end");
  close(await clip.get("length"), 8, "length follows the loop");
  await clip.set("loop_end", 4);
  eq(await clip.get("is_arrangement_clip"), false, "session clip");
  await clip.set("color_index", 5);
  eq(await clip.get("color_index"), 5, "color_index");
});

await check("clip.notes", async () => {
  const clip = need("clip");
  await clip.setNotes([
    { pitch: 60, time: 0, duration: 1, velocity: 100, muted: false },
    { pitch: 64, time: 1, duration: 0.5, velocity: 90, muted: false },
    { pitch: 67, time: 2, duration: 1, velocity: 80, muted: true },
  ]);
  const notes = await clip.getNotes(0, 0, 4, 128);
  eq(notes.map((n) => [n.pitch, n.time, n.duration, n.velocity, n.muted]),
    [[60, 0, 1, 100, false], [64, 1, 0.5, 90, false], [67, 2, 1, 80, true]], "notes round trip");
  const some = await clip.getNotes(0, 62, 4, 4);
  eq(some.map((n) => n.pitch), [64], "notes in a pitch range");
});

await check("clip.notes_extended", async () => {
  const clip = need("clip");
  const notes = await clip.getNotesExtended(0, 0, 4, 128);
  eq(notes.length, 3, "extended note count");
  truthy(notes.every((n) => Number.isInteger(n.note_id)), "note ids");
  eq(new Set(notes.map((n) => n.note_id)).size, 3, "distinct note ids");
  const first = notes.find((n) => n.pitch === 60);
  eq([first.probability, first.velocity_deviation, first.release_velocity], [1, 0, 64],
    "Live 12 defaults of a note added with set_notes");
  await clip.applyNoteModifications([{ note_id: first.note_id, velocity: 42, probability: 0.5 }]);
  const changed = (await clip.getNotesExtended(0, 0, 4, 128)).find((n) => n.note_id === first.note_id);
  eq([changed.pitch, changed.velocity, changed.probability], [60, 42, 0.5], "apply_note_modifications");
  await clip.removeNotesById([first.note_id]);
  eq((await clip.getNotesExtended(0, 0, 4, 128)).map((n) => n.pitch).sort(), [64, 67], "after remove_notes_by_id");
  await clip.removeNotesExtended(0, 0, 4, 60); // pitches 0..59: none of them
  eq((await clip.getNotes(0, 0, 4, 128)).map((n) => n.pitch), [64, 67], "remove_notes_extended below the notes");
  await clip.removeNotesExtended(1, 0, 1, 128); // beats 1..2, all pitches
  eq((await clip.getNotes(0, 0, 4, 128)).map((n) => n.pitch), [67], "remove_notes_extended time 1..2");
  await clip.removeNotes(0, 0, 4, 128);
  eq((await clip.getNotes(0, 0, 4, 128)).length, 0, "remove_notes clears");
  await clip.setNotes([{ pitch: 48, time: 0, duration: 0.25, velocity: 110, muted: false }]);
});

await check("clip.notes_listener", async () => {
  const clip = need("clip");
  const notes = await listen(clip, "notes");
  await clip.setNotes([{ pitch: 50, time: 1, duration: 0.25, velocity: 100, muted: false }]);
  await nextEvent(notes, (v) => Array.isArray(v), "notes listener");
  await notes.remove();
});

await check("clip_slot.fire", async () => {
  const slots = need("slots");
  const clip = need("clip");
  const slot = slots[0];
  await song.set("current_song_time", 0);
  const playingPos = await listen(clip, "playing_position");
  await slot.fire();
  await until(() => slot.get("is_playing"), (v) => v === true, "slot is_playing after fire");
  eq(await song.get("is_playing"), true, "firing a clip starts the transport");
  eq(await clip.get("is_playing"), true, "clip.is_playing");
  await nextEvent(playingPos, (v) => v > 0, "playing_position advances");
  await playingPos.remove();
  await slot.stop();
  await until(() => slot.get("is_playing"), (v) => v === false, "slot stops");
  await clip.fire();
  await until(() => clip.get("is_playing"), (v) => v === true, "Clip.fire plays");
  await song.stopAllClips();
  await until(() => clip.get("is_playing"), (v) => v === false, "stop_all_clips");
  await song.stopPlaying();
});

await check("scene.fire", async () => {
  const scenes = await song.get("scenes");
  const clip = need("clip");
  await scenes[0].fire();
  await until(() => clip.get("is_playing"), (v) => v === true, "scene fire plays its clip");
  await song.stopAllClips();
  await song.stopPlaying();
  await until(() => clip.get("is_playing"), (v) => v === false, "clip stopped");
});

await check("clip_slot.duplicate_delete", async () => {
  const slots = need("slots");
  await slots[0].duplicateClipTo(slots[1]);
  eq(await slots[1].get("has_clip"), true, "duplicate_clip_to");
  const copy = await slots[1].get("clip");
  eq(await copy.get("name"), "Riff", "the copy has the name");
  await slots[1].deleteClip();
  eq(await slots[1].get("has_clip"), false, "delete_clip");
});

// ------------------------------------------------------------------ arrangement

await check("arrangement.create_midi_clip", async () => {
  const track = need("tracks")[1];
  const clip = await track.createMidiClip(8, 4);
  truthy(clip, "createMidiClip returns a clip");
  eq([clip.raw.start_time, clip.raw.end_time], [8, 12], "start_time/end_time");
  eq(await clip.get("is_arrangement_clip"), true, "is_arrangement_clip");
  close(await clip.get("length"), 4, "length");
  const clips = await track.get("arrangement_clips");
  eq(clips.map((c) => [c.raw.start_time, c.raw.end_time]), [[8, 12]], "arrangement_clips");
  state.arrangementClip = clip;
});

await check("arrangement.duplicate_clip", async () => {
  const track = need("tracks")[0];
  const clip = need("clip");
  const copy = await track.duplicateClipToArrangement(clip, 16);
  truthy(copy, "duplicateClipToArrangement returns a clip");
  eq([copy.raw.start_time, copy.raw.end_time], [16, 20], "copy start/end");
  eq(copy.raw.name, "Riff", "copy name");
  const notes = await copy.getNotes(0, 0, 4, 128);
  eq(notes.map((n) => n.pitch), [48, 50], "copy has the notes");
  state.arrangementCopy = copy;
});

await check("arrangement.delete_clip", async () => {
  const track = need("tracks")[0];
  const copy = need("arrangementCopy");
  await track.deleteClip(copy);
  eq((await track.get("arrangement_clips")).length, 0, "arrangement clip deleted");
  const other = need("tracks")[1];
  await other.deleteClip(need("arrangementClip"));
  eq((await other.get("arrangement_clips")).map((c) => c.raw), [], "second arrangement clip deleted");
});

// ------------------------------------------------------------------ session box

await check("session.box", async () => {
  eq(await session.setupSessionBox(2, 3), true, "setupSessionBox");
  eq(await session.setSessionOffset(1, 2), true, "setSessionOffset");
  // The ring's final place is checked by the test, on the emulator's side.
  emit({ await: "session_box", expect: [1, 2, 2, 3] });
});

// ------------------------------------------------------------------ browser and devices

await check("browser.categories", async () => {
  const browser = application.browser;
  const instruments = await browser.get("instruments");
  const names = instruments.map((i) => i.raw.name);
  for (const name of ["Drift", "Operator", "Wavetable", "Simpler", "Drum Rack"]) {
    truthy(names.includes(name), `instruments include ${name} (${JSON.stringify(names)})`);
  }
  const operator = instruments.find((i) => i.raw.name === "Operator");
  eq([operator.raw.is_loadable, operator.raw.is_device, operator.raw.is_folder], [true, true, false],
    "Operator is a loadable device");
  truthy(typeof operator.raw.uri === "string" && operator.raw.uri.length > 0, "Operator has a uri");
  state.operator = operator;
  const effects = (await browser.get("audio_effects")).map((i) => i.raw.name);
  for (const name of ["Reverb", "Compressor", "EQ Eight", "Delay"]) {
    truthy(effects.includes(name), `audio_effects include ${name}`);
  }
  state.reverb = (await browser.get("audio_effects")).find((i) => i.raw.name === "Reverb");
  const midiFx = (await browser.get("midi_effects")).map((i) => i.raw.name);
  truthy(midiFx.includes("Arpeggiator"), "midi_effects include Arpeggiator");
  for (const category of ["drums", "sounds", "samples", "clips", "plugins", "max_for_live", "packs", "user_library"]) {
    const items = await browser.get(category);
    truthy(Array.isArray(items), `${category} is a list`);
  }
  truthy(Array.isArray(await browser.get("user_folders")), "user_folders is a list");
  const drums = await browser.get("drums");
  const folder = drums.find((i) => i.raw.is_folder) ?? drums[0];
  truthy(folder, "drums has an item");
  const children = await folder.get("children");
  truthy(Array.isArray(children), "BrowserItem.children");
  state.drumItems = drums;
});

await check("browser.load_instrument", async () => {
  const operator = need("operator");
  const track = need("tracks")[1];
  await song.view.set("selected_track", track.raw.id);
  const devices = await listen(track, "devices");
  await application.browser.loadItem(operator);
  await nextEvent(devices, (v) => Array.isArray(v) && v.some((d) => d.raw.name === "Operator"), "devices listener");
  await devices.remove();
  const list = await track.get("devices");
  eq(list.map((d) => d.raw.name), ["Operator"], "device on the selected track");
  eq(list[0].raw.type, "instrument", "device type");
  eq(list[0].raw.class_name, "Operator", "class_name");
  state.device = list[0];
  const target = await application.browser.get("hotswap_target");
  truthy(target === null || typeof target === "object", "hotswap_target");
});

await check("browser.preview", async () => {
  const operator = need("operator");
  await application.browser.previewItem(operator);
  await application.browser.stopPreview();
});

await check("device.parameters", async () => {
  const device = need("device");
  eq(await device.get("name"), "Operator", "device name");
  eq(await device.get("class_display_name"), "Operator", "class_display_name");
  eq(await device.get("can_have_chains"), false, "can_have_chains");
  const params = await device.get("parameters");
  truthy(params.length > 4, `a plausible parameter list (${params.length})`);
  eq(params[0].raw.name, "Device On", "first parameter");
  const param = params.find((p) => !p.raw.is_quantized) ?? fail("a continuous parameter");
  const min = await param.get("min");
  const max = await param.get("max");
  truthy(min < max, `min < max (${min}, ${max})`);
  const mid = min + (max - min) / 2;
  const values = await listen(param, "value");
  await param.set("value", mid);
  close(await param.get("value"), mid, "parameter value after set", 1e-4);
  await nextEvent(values, (v) => Math.abs(v - mid) < 1e-4, "parameter value listener");
  await values.remove();
  await param.set("value", max + 1).then(
    () => fail("a value above max is refused"),
    (error) => truthy(String(error.message).length > 0, "error text"),
  );
  const onOff = params[0];
  await onOff.set("value", 0);
  eq(await device.get("is_active"), false, "Device On off: is_active false");
  await onOff.set("value", 1);
});

await check("device.views", async () => {
  const device = need("device");
  const track = need("tracks")[1];
  await song.view.selectDevice(device);
  eq((await track.view.get("selected_device")).raw.id, device.raw.id, "track view selected_device");
  await track.view.set("device_insert_mode", "left");
  await track.view.set("is_collapsed", true);
  eq(await track.view.get("is_collapsed"), true, "is_collapsed");
  await track.view.set("is_collapsed", false);
  await track.view.selectInstrument();
});

await check("device.audio_effect_and_delete", async () => {
  const reverb = need("reverb");
  const track = need("tracks")[1];
  await song.view.set("selected_track", track.raw.id);
  await track.view.set("device_insert_mode", "default");
  await application.browser.loadItem(reverb);
  const list = await track.get("devices");
  if (list.length !== 2) {
    // Seen once in ~16 runs (CI, serial): say where the Reverb went and what was selected.
    const selected = await song.view.get("selected_track");
    const where = [];
    for (const t of await song.get("tracks")) {
      where.push(`${t.raw.name}: ${(await t.get("devices")).map((d) => d.raw.name).join(",")}`);
    }
    fail(`effect after the instrument: got ${JSON.stringify(list.map((d) => d.raw.name))}; ` +
         `selected track ${selected?.raw?.name ?? selected?.name}; insert mode ` +
         `${await track.view.get("device_insert_mode")}; devices by track: ${where.join(" | ")}`);
  }
  eq(list.map((d) => d.raw.name), ["Operator", "Reverb"], "effect after the instrument");
  eq(list[1].raw.type, "audio_effect", "Reverb type");
  await track.deleteDevice(1);
  await track.deleteDevice(0);
  eq((await track.get("devices")).length, 0, "devices deleted");
});

await check("song.appointed_device", async () => {
  const operator = need("operator");
  const track = need("tracks")[0];
  await song.view.set("selected_track", track.raw.id);
  await application.browser.loadItem(operator);
  const device = (await track.get("devices"))[0] ?? fail("device loaded on track 1");
  await song.set("appointed_device", device.raw.id);
  eq((await song.get("appointed_device")).id, device.raw.id, "appointed_device");
  await track.deleteDevice(0);
});

// ------------------------------------------------------------------ MIDI input

await check("midi.input_listener", async () => {
  await midi.set("midi_outputs", [{ type: "note", channel: 0, target: 60 }]);
  const events = { values: [], waiters: new Set() };
  const remove = await midi.addListener("midi", (message) => {
    events.values.push(message);
    for (const waiter of [...events.waiters]) waiter();
  });
  emit({ await: "midi_in", bytes: [0x90, 60, 100] });
  const message = await nextEvent(events, () => true, "forwarded MIDI note");
  eq([message.command, message.parameter1, message.parameter2], [0x90, 60, 100], "the note");
  // ableton-js quirk (its script, on Live too): the midi namespace has no remove_listener of
  // its own, so the generic one answers with this error.
  await remove().then(
    () => fail("removing the midi listener: ableton-js 4.1.0's script answers with an error"),
    (error) => eq(error.message, "Listener midi does not exist.", "remove error"),
  );
});

// ------------------------------------------------------------------ done

const failed = results.filter((r) => !r.ok).length;
emit({ done: true, passed: results.length - failed, failed });
await ableton.close();
process.exit(failed ? 1 : 0);
