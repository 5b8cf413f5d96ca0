// The client scenarios inside a Cloudflare Worker (workerd): a request to
// /?emulator=<url>&soak=<calls> runs them all and answers the runner's
// { passed, failed, results } as JSON. workerd.test.mjs bundles this file
// with pkg/workerd.js and serves it with miniflare.
import * as pkg from '../../pkg/workerd.js';
import { defineClientScenarios } from './scenarios.mjs';
import { createRunner } from './support.mjs';

export default {
  async fetch(request) {
    const query = new URL(request.url).searchParams;
    const runner = createRunner();
    defineClientScenarios({
      pkg,
      baseUrl: query.get('emulator'),
      test: runner.test,
      runtime: 'workerd',
      soakCalls: Number(query.get('soak') ?? 1000),
    });
    return Response.json(await runner.run());
  },
};
