// Files for Chromium's fake camera and microphone (room tests and
// `make bench-rooms`): a Y4M video of a square moving across a grey field at
// a low frame rate, and a WAV of a steady tone. Chromium loops both. The
// steady tone (instead of the default device's beep every 0.4–0.8 s) lets
// a listener's WebAudio tell the moment a muted sender falls silent.
//
//   const media = fakeMediaFiles({ width: 960, height: 540, fps: 5 });
//   launchChromium([...media.args, ...]);   // media.dir: remove when done

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A Y4M (4:2:0) of `seconds` seconds: a white square moving over grey, one step a frame. */
function y4m(width, height, fps, seconds) {
  const frames = Math.max(2, Math.round(fps * seconds));
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`);
  const luma = width * height;
  const chroma = (width / 2) * (height / 2);
  const side = Math.round(height / 3);
  const parts = [header];
  for (let f = 0; f < frames; f++) {
    const frame = Buffer.alloc(6 + luma + 2 * chroma);
    frame.write('FRAME\n');
    const y = frame.subarray(6, 6 + luma);
    y.fill(96);
    const x0 = Math.round((f / frames) * (width - side));
    const y0 = Math.round((height - side) / 2);
    for (let row = y0; row < y0 + side; row++)
      y.fill(235, row * width + x0, row * width + x0 + side);
    frame.fill(128, 6 + luma);	/* no colour */
    parts.push(frame);
  }
  return Buffer.concat(parts);
}

/** A mono 16-bit PCM WAV of a `hz` tone at `amplitude` (0–1), a whole number of cycles long. */
function wav(hz, amplitude, rate = 48000, seconds = 1) {
  const n = rate * seconds;
  const data = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++)
    data.writeInt16LE(Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * hz * i) / rate)), i * 2);
  const head = Buffer.alloc(44);
  head.write('RIFF', 0);
  head.writeUInt32LE(36 + data.length, 4);
  head.write('WAVEfmt ', 8);
  head.writeUInt32LE(16, 16);
  head.writeUInt16LE(1, 20);	/* PCM */
  head.writeUInt16LE(1, 22);	/* mono */
  head.writeUInt32LE(rate, 24);
  head.writeUInt32LE(rate * 2, 28);
  head.writeUInt16LE(2, 32);
  head.writeUInt16LE(16, 34);
  head.write('data', 36);
  head.writeUInt32LE(data.length, 40);
  return Buffer.concat([head, data]);
}

/**
 * Writes the two files into a new temporary directory: { dir, video, audio,
 * args } (args: Chromium's switches for fake devices that read them).
 */
export function fakeMediaFiles({ width = 960, height = 540, fps = 5, seconds = 2, hz = 440, amplitude = 0.3 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'pobratim-fake-media-'));
  const video = join(dir, 'camera.y4m');
  const audio = join(dir, 'microphone.wav');
  writeFileSync(video, y4m(width, height, fps, seconds));
  writeFileSync(audio, wav(hz, amplitude));
  return {
    dir, video, audio,
    args: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`, `--use-file-for-fake-audio-capture=${audio}`,
      /* below 960x540 Chromium sends fewer simulcast layers than asked; lifted, a small camera still sends three */
      ...(width < 960 ? ['--force-fieldtrials=WebRTC-LegacySimulcastLayerLimit/Disabled/'] : [])],
  };
}

/** A free-looking range of `size` UDP ports for one Janus (several may run on this machine at once). */
export function mediaPorts(size = 200) {
  const min = 30000 + Math.floor(Math.random() * ((60000 - 30000 - size) / size)) * size;
  return `${min}-${min + size - 1}`;
}
