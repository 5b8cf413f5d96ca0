// `require('callingbox-webhooks/portal')`: the portal is an ES module that
// defines a custom element in a browser; there is no CommonJS build of it.
'use strict';

throw new Error(
  'callingbox-webhooks/portal is an ES module for browsers (it defines the <callingbox-webhooks-portal> element): '
  + "load it with import 'callingbox-webhooks/portal' (a bundler, or a <script type=\"module\">), not with require().",
);
