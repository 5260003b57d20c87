/**
 * `@vuln-report/server-stub`: the vendor's intake API as a local stub, on MSW.
 *
 * - `createStub()` gives the handlers for `setupServer` (Node tests) or `setupWorker`
 *   (browsers; see `@vuln-report/server-stub/browser`);
 * - `startStubServer()` runs it as a real HTTP server (the `vuln-report-stub` CLI);
 * - `runConformance()` checks any intake server against the contract;
 * - `createIntakeApp()` composes the same routes over any store (the production server's
 *   PostgreSQL one).
 *
 * @packageDocumentation
 */
export { createStub, DEFAULT_LEDGER_SECRET, type Stub, type StubOptions, type RateLimitOptions } from './stub.ts';
export { createIntakeApp, type IntakeApp, type IntakeAppOptions, type ControlOptions } from './app.ts';
export type { BucketConfig, RateLimiter, Take } from './http/rate-limit.ts';
export { createReportFeed, type ReportFeed } from './http/events.ts';
export { startStubServer, type StubServer, type StubServerOptions } from './run/node-server.ts';
export { listenHttp, SERVER_LIMITS, type FetchApp, type HttpListener, type HttpListenOptions, type ServeHooks } from './run/http-adapter.ts';
export { startDelivery, type Delivery, type DeliveryOptions } from './mail/delivery.ts';
export { createSmtpSender, DEFAULT_SMTP_FROM, isSenderAddress, type SmtpSender } from './mail/smtp.ts';
export { createManualClock, createOffsetClock, type Clock, type MovableClock } from './core/clock.ts';
export { verifyActivityLog, type ChainCheck } from './core/activity-log.ts';
export { POLICY } from './core/policy.ts';
export { DEFAULT_SEED, Seed } from './seed.ts';
export { runConformance, type ConformanceOptions, type ConformanceResult } from './conformance/suite.ts';
export { buildOpenApiDocument, serializeOpenApiDocument } from './openapi/document.ts';
