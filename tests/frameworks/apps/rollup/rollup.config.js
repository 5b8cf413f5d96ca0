// rollup.config.js: node-resolve with `browser: true`, as for any package
// from npm, and no wasm plugin: the browser entries carry their wasm inlined.
import { nodeResolve } from '@rollup/plugin-node-resolve';

export default {
  input: 'src/main.js',
  output: { file: 'public/app.js', format: 'es' },
  plugins: [nodeResolve({ browser: true })],
};
