import { route } from '@react-router/dev/routes';

export default [
  route('webhooks/callingbox', 'routes/webhooks.callingbox.js'),
  route('webhooks/router', 'routes/webhooks.router.js'),
];
