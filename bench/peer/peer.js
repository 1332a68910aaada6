// The speed peer for `likeness bench pipeline --peer`: face-api (tfjs, wasm backend, one thread)
// on the same images. It times one pass over a list of JPEG files and writes JSON to --out,
// because tfjs prints a banner on stdout.
//
//   node peer.js --list FILES.txt --out RESULT.json [--warmup 10]
//
// Modes, both run in this order:
//   e2e:        jpeg-js decode, then tinyFaceDetector(320) + 68 landmarks + dlib descriptor
//               of one face (detectSingleFace), timed per image; decode timed separately.
//   descriptor: the descriptor alone on the 150x150 centre crop of each image (decoded and
//               cropped before timing).
'use strict';
const fs = require('fs');
const path = require('path');
const jpeg = require('jpeg-js');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');

function args() {
  const a = { warmup: 10 };
  for (let i = 2; i < process.argv.length; i += 2) {
    a[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
  }
  if (!a.list || !a.out) {
    throw new Error('usage: node peer.js --list FILES.txt --out RESULT.json [--warmup N]');
  }
  a.warmup = Number(a.warmup);
  return a;
}

function decode(bytes) {
  const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false });
  return { width: img.width, height: img.height, rgb: img.data };
}

function toTensor(img) {
  return faceapi.tf.tensor3d(Int32Array.from(img.rgb), [img.height, img.width, 3], 'int32');
}

function centreCrop(img, size) {
  const x0 = Math.floor((img.width - size) / 2);
  const y0 = Math.floor((img.height - size) / 2);
  const out = new Int32Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const s = ((y0 + y) * img.width + (x0 + x)) * 3;
      const d = (y * size + x) * 3;
      out[d] = img.rgb[s];
      out[d + 1] = img.rgb[s + 1];
      out[d + 2] = img.rgb[s + 2];
    }
  }
  return faceapi.tf.tensor3d(out, [size, size, 3], 'int32');
}

async function main() {
  const a = args();
  const files = fs.readFileSync(a.list, 'utf8').split('\n').filter((l) => l.length > 0);
  const bytes = files.map((f) => fs.readFileSync(f));
  await faceapi.tf.setBackend('wasm');
  await faceapi.tf.ready();
  const modelDir = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
  await faceapi.nets.tinyFaceDetector.loadFromDisk(modelDir);
  await faceapi.nets.faceLandmark68Net.loadFromDisk(modelDir);
  await faceapi.nets.faceRecognitionNet.loadFromDisk(modelDir);
  const options = new faceapi.TinyFaceDetectorOptions({ inputSize: 320 });

  const e2e = async (b) => {
    const t0 = process.hrtime.bigint();
    const img = decode(b);
    const t1 = process.hrtime.bigint();
    const input = toTensor(img);
    const found = await faceapi.detectSingleFace(input, options).withFaceLandmarks().withFaceDescriptor();
    input.dispose();
    const t2 = process.hrtime.bigint();
    return { decodeMs: Number(t1 - t0) / 1e6, pipelineMs: Number(t2 - t1) / 1e6, face: found !== undefined };
  };
  for (let i = 0; i < Math.min(a.warmup, bytes.length); i++) {
    await e2e(bytes[i]);
  }
  const decodeMs = [];
  const pipelineMs = [];
  let faces = 0;
  const e2eStart = process.hrtime.bigint();
  for (const b of bytes) {
    const r = await e2e(b);
    decodeMs.push(r.decodeMs);
    pipelineMs.push(r.pipelineMs);
    faces += r.face ? 1 : 0;
  }
  const e2eWallMs = Number(process.hrtime.bigint() - e2eStart) / 1e6;

  const crops = bytes.map((b) => centreCrop(decode(b), 150));
  for (let i = 0; i < Math.min(a.warmup, crops.length); i++) {
    (await faceapi.computeFaceDescriptor(crops[i]));
  }
  const descriptorMs = [];
  const dStart = process.hrtime.bigint();
  for (const c of crops) {
    const t0 = process.hrtime.bigint();
    const d = await faceapi.computeFaceDescriptor(c);
    if (d.length !== 128) {
      throw new Error('descriptor has ' + d.length + ' values, expected 128');
    }
    descriptorMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const descriptorWallMs = Number(process.hrtime.bigint() - dStart) / 1e6;
  crops.forEach((c) => c.dispose());

  const result = {
    peer: 'face-api ' + faceapi.version + ', tfjs ' + faceapi.tf.version_core + ', backend ' + faceapi.tf.getBackend(),
    node: process.version,
    images: bytes.length,
    facesFound: faces,
    decodeMs,
    pipelineMs,
    e2eWallMs,
    descriptorMs,
    descriptorWallMs,
  };
  fs.writeFileSync(a.out, JSON.stringify(result));
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
