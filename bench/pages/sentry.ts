/**
 * Sentry's feedback widget as its docs set it up: the browser SDK with
 * `feedbackIntegration` (the button is injected on its own, `autoInject: true`). The DSN
 * points at port 9 on loopback, which Chromium refuses to connect to (an unsafe port):
 * whatever the SDK tries to send goes nowhere, and never off the machine.
 */
import * as Sentry from '@sentry/browser';

Sentry.init({
  dsn: 'http://public@127.0.0.1:9/1',
  integrations: [Sentry.feedbackIntegration({ colorScheme: 'system', autoInject: true })],
});
