// Records face-api's FaceRecognitionNet descriptors for the PNG crops used by the Likeness
// dlib ResNet converter parity test (DlibResnetConverterTest). Runs tfjs's pure-JS CPU backend.
//
// Usage: node descriptors.js [cropDir] [outJson]
// Weights come from $LIKENESS_MODELS (default ~/.likeness/models)/vladmandic-face-api-1.7.15.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { PNG } = require('pngjs');
// The node-wasm bundle loads plain @tensorflow/tfjs (no native tfjs-node); we then pick 'cpu'.
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');

const FACE_API_VERSION = '1.7.15';
const SIZE = 150;

async function main() {
  const repoRoot = path.resolve(__dirname, '..', '..');
  const cropDir = path.resolve(process.argv[2]
    || path.join(repoRoot, 'likeness-models/src/test/resources/parity/dlib'));
  const outJson = path.resolve(process.argv[3] || path.join(cropDir, 'faceapi-descriptors.json'));
  const modelsRoot = process.env.LIKENESS_MODELS || path.join(os.homedir(), '.likeness', 'models');
  const weightsDir = path.join(modelsRoot, `vladmandic-face-api-${FACE_API_VERSION}`);

  const tf = faceapi.tf;
  await tf.setBackend('cpu');
  await tf.ready();
  if (tf.getBackend() !== 'cpu') throw new Error(`expected tfjs backend cpu but got ${tf.getBackend()}`);

  await faceapi.nets.faceRecognitionNet.loadFromDisk(weightsDir);

  const images = fs.readdirSync(cropDir).filter((f) => f.endsWith('.png')).sort();
  if (images.length === 0) throw new Error(`no .png crops in ${cropDir}`);

  const descriptors = [];
  for (const image of images) {
    const png = PNG.sync.read(fs.readFileSync(path.join(cropDir, image)));
    if (png.width !== SIZE || png.height !== SIZE) {
      throw new Error(`${image} is ${png.width}x${png.height}, expected ${SIZE}x${SIZE}`);
    }
    const rgb = new Int32Array(SIZE * SIZE * 3);
    for (let i = 0; i < SIZE * SIZE; i++) {
      rgb[3 * i] = png.data[4 * i];
      rgb[3 * i + 1] = png.data[4 * i + 1];
      rgb[3 * i + 2] = png.data[4 * i + 2];
    }
    const input = tf.tensor3d(rgb, [SIZE, SIZE, 3], 'int32');
    const descriptor = await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(input);
    input.dispose();
    descriptors.push({ image, descriptor: Array.from(descriptor) });
    console.log(`${image}: |d| = ${Math.hypot(...descriptor).toFixed(4)}`);
  }

  const record = {
    producer: 'tools/faceapi-parity/descriptors.js',
    faceApiVersion: FACE_API_VERSION,
    tfjsVersion: tf.version_core,
    backend: tf.getBackend(),
    note: 'raw FaceRecognitionNet output (not L2-normalized) for each 150x150 RGB crop',
    descriptors,
  };
  fs.writeFileSync(outJson, `${JSON.stringify(record, null, 1)}\n`);
  console.log(`wrote ${outJson}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
