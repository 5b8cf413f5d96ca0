// webpack.config.js: nothing for the package's wasm (it is inlined in the
// browser entries): no experiments, no asset rule, no copy plugin.
const path = require('node:path');

module.exports = {
  mode: 'production',
  entry: './src/main.js',
  output: { path: path.resolve(__dirname, 'public'), filename: 'app.js' },
};
