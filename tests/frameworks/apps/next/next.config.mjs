// `output: 'standalone'`: the build copies the server and every file it
// traces (the package's .wasm included) into .next/standalone, which is what
// a Docker image or a serverless bundle ships.
/** @type {import('next').NextConfig} */
const nextConfig = { output: 'standalone' };

export default nextConfig;
