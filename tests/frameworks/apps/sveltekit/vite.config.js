// vite.config.js: SvelteKit 3 takes its configuration here (there is no
// svelte.config.js any more); adapter-node builds a Node server into build/.
import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({ plugins: [sveltekit({ adapter: adapter() })] });
