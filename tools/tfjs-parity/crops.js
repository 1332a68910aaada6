// Records Human's face crop for its liveness and antispoof networks, done with tfjs's own ops, so
// HumanFaceCropTest can check Likeness's pure-Java HumanFaceCrop against it. The box steps are
// Human 3.3.6's own (src/face/facemeshutil.ts enlargeBox, squarifyBox, cutAndResize; the
// resizeBilinear of src/face/liveness.ts and antispoof.ts). Usage: node crops.js [png] [out.json]
'use strict';
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');
const { PNG } = require('pngjs');

const repo = path.resolve(__dirname, '..', '..');
const dir = path.join(repo, 'likeness-onnx/src/test/resources/parity/human-crop');
const imageFile = process.argv[2] || path.join(dir, 'apfol-real-0-128.png');
const outFile = process.argv[3] || path.join(dir, 'tfjs-crops.json');

// Human's facemeshutil.ts, verbatim in substance.
const getBoxSize = (box) => [Math.abs(box.endPoint[0] - box.startPoint[0]), Math.abs(box.endPoint[1] - box.startPoint[1])];
const getBoxCenter = (box) => [box.startPoint[0] + (box.endPoint[0] - box.startPoint[0]) / 2, box.startPoint[1] + (box.endPoint[1] - box.startPoint[1]) / 2];
const enlargeBox = (box, factor) => {
  const center = getBoxCenter(box);
  const size = getBoxSize(box);
  const halfSize = [factor * size[0] / 2, factor * size[1] / 2];
  return { startPoint: [center[0] - halfSize[0], center[1] - halfSize[1]], endPoint: [center[0] + halfSize[0], center[1] + halfSize[1]] };
};
const squarifyBox = (box) => {
  const centers = getBoxCenter(box);
  const size = getBoxSize(box);
  const halfSize = Math.max(...size) / 2;
  return {
    startPoint: [Math.round(centers[0] - halfSize), Math.round(centers[1] - halfSize)],
    endPoint: [Math.round(centers[0] + halfSize), Math.round(centers[1] + halfSize)],
  };
};
const cutAndResize = (box, image, cropSize) => {
  const h = image.shape[1];
  const w = image.shape[2];
  const cutBox = [box.startPoint[1] / h, box.startPoint[0] / w, box.endPoint[1] / h, box.endPoint[0] / w];
  const crop = tf.image.cropAndResize(image, [cutBox], [0], cropSize);
  return tf.div(crop, 255);
};

const CASES = [
  { box: [20, -10, 110, 90], enlarge: 1.4, size: 32, stride: 1 },
  { box: [30.5, 25.25, 97.75, 110.5], enlarge: 1.0, size: 32, stride: 1 },
  { box: [20, -10, 110, 90], enlarge: 1.4, size: 128, stride: 97 },
];

(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  const png = PNG.sync.read(fs.readFileSync(imageFile));
  const rgb = new Float32Array(png.width * png.height * 3);
  for (let i = 0; i < png.width * png.height; i++) for (let c = 0; c < 3; c++) rgb[3 * i + c] = png.data[4 * i + c];
  const image = tf.tensor4d(rgb, [1, png.height, png.width, 3]);
  const cases = [];
  for (const c of CASES) {
    const box = squarifyBox(enlargeBox({ startPoint: [c.box[0], c.box[1]], endPoint: [c.box[2], c.box[3]] }, c.enlarge));
    const face = cutAndResize(box, image, [192, 192]);
    const input = tf.image.resizeBilinear(face, [c.size, c.size], false);
    const all = await input.data();
    const values = [];
    for (let i = 0; i < all.length; i += c.stride) values.push(all[i]);
    cases.push({ ...c, square: [box.startPoint[0], box.startPoint[1], box.endPoint[0], box.endPoint[1]], values });
    tf.dispose([face, input]);
  }
  const result = { generatedBy: `tools/tfjs-parity/crops.js, @tensorflow/tfjs ${tf.version.tfjs}, backend cpu`, image: path.basename(imageFile), cases };
  fs.writeFileSync(outFile, `${JSON.stringify(result)}\n`);
  console.log(`wrote ${outFile}`);
})();
