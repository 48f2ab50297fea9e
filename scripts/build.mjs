// `npm install` (prepare) and `npm run build`: the bot as a few JavaScript files in dist/, which
// `npm start` and `npm run cli` run. One bundle rather than a file per module: resolving and
// compiling some 170 modules (95 of them zod's) was most of a start. Tests, benchmarks and
// scripts keep running the sources through tsx.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: ['src/cli.ts'],
  outdir: 'dist',
  bundle: true,
  // The platforms, the scheduler and the charts stay in chunks of their own, loaded when used.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Loaded from node_modules as they are: native code, font files found by path, and libraries
  // (CommonJS with optional native add-ons) that only a running bot loads.
  external: ['@napi-rs/canvas', '@expo-google-fonts/inter', 'chart.js', 'discord.js', 'telegraf', 'node-cron', 'pino-pretty', 'pg'],
  // Bundled CommonJS (pino) calls require(): give the ES module one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
