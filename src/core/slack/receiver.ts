import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ListenOptions } from 'node:net';
import { parse as parseQueryString } from 'node:querystring';
import {
  type AckFn,
  type App,
  buildReceiverRoutes,
  type CustomRoute,
  HTTPModuleFunctions,
  type Receiver,
  ReceiverMultipleAckError,
  type ReceiverRoutes,
  verifySlackRequest,
} from '@slack/bolt';
import { withLogBindings } from '../services/log-context.js';
import type { Logger } from '../services/ports.js';
import { requestScope } from './request-scope.js';
import { type RequestKind, readSlackRequest, requestKindOf } from './request-shapes.js';
import { responseUrlsOf } from './response-urls.js';

/** Slack rejects nothing older; Mailroom also rejects anything this far ahead. */
const SIGNATURE_WINDOW_MS = 5 * 60 * 1000;
/** A signature is kept until a replay of it would fail the window check anyway. */
const REMEMBER_SIGNATURES_MS = 2 * SIGNATURE_WINDOW_MS;
/** Slack gives up on an answer after three seconds. */
const ACK_TIMEOUT_MS = 3001;
const STOP_WAIT_MS = 10_000;
const FORM = 'application/x-www-form-urlencoded';

export interface SlackRequestReceiverOptions {
  signingSecret: string;
  /** Where start() listens when it is given no port. */
  port: number;
  /** Signatures already accepted (the seen_requests table). */
  seenRequests: { remember(signature: string, now: number, forgetBefore: number): boolean };
  /** Other routes on the same server, such as GET /healthz. */
  customRoutes?: CustomRoute[];
  /** By default the app's logger. */
  logger?: Logger;
  endpoint?: string;
  /** The real time, for the signature window: never Mailroom's business clock. */
  wallClock?: () => number;
  /** Whether Mailroom may POST its reply to a response_url (see responseUrlPolicy). */
  responseUrlAllowed: (url: string) => boolean;
  /** Node's keepAliveTimeout and headersTimeout (by default Node's own, 5 s and 60 s). */
  keepAliveTimeoutMs?: number;
  headersTimeoutMs?: number;
  /** Told of every answer sent: what the request was (see REQUEST_KINDS) and its HTTP status. */
  onAnswered?: (kind: RequestKind, status: number) => void;
  /**
   * Told of each request as soon as it arrives, with the promise of its handling (which never
   * rejects): Slack has its answer at ack(), while the listeners may still be at work.
   */
  onHandling?: (handling: Promise<void>) => void;
}

/**
 * Mailroom's HTTP receiver for Bolt. Before Bolt sees a request it checks the signature and a
 * five-minute window around the real time (both ways), parses and shape-checks the body (400
 * for what is not a Slack request Bolt can read, or names a response_url that is not Slack's), and answers a replayed signature with 200
 * and nothing else. Whatever no listener acknowledges is acknowledged (200) at once. A
 * client's mistake is logged as one line; no request can stop the server.
 */
export class SlackRequestReceiver implements Receiver {
  private app: App | undefined;
  private server: Server | undefined;
  private logger: Logger | undefined;
  private readonly routes: ReceiverRoutes;
  private readonly endpoint: string;
  private readonly wallClock: () => number;
  private readonly inFlight = new Set<Promise<void>>();
  /** What each request being answered was, for onAnswered. */
  private readonly kinds = new WeakMap<ServerResponse, RequestKind>();

  constructor(private readonly options: SlackRequestReceiverOptions) {
    if (!options.signingSecret) throw new Error('SlackRequestReceiver needs a signing secret');
    this.routes = buildReceiverRoutes(options.customRoutes ?? []);
    this.endpoint = options.endpoint ?? '/slack/events';
    this.wallClock = options.wallClock ?? Date.now;
    this.logger = options.logger;
  }

  init(app: App): void {
    this.app = app;
    this.logger ??= app.logger;
  }

  start(listen: number | ListenOptions = this.options.port): Promise<Server> {
    if (this.server) return Promise.reject(new Error('the Slack receiver is already started'));
    const server = createServer((req, res) => this.onRequest(req, res));
    if (this.options.keepAliveTimeoutMs) server.keepAliveTimeout = this.options.keepAliveTimeoutMs;
    if (this.options.headersTimeoutMs) server.headersTimeout = this.options.headersTimeoutMs;
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', (error) => {
        this.server = undefined;
        reject(error);
      });
      server.listen(listen, () => resolve(server));
    });
  }

  /** Stops listening, then lets requests being handled finish (for at most ten seconds). */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) throw new Error('the Slack receiver is not started');
    this.server = undefined;
    const closed = new Promise<void>((resolve, reject) =>
      server.close((error) => (error ? reject(error) : resolve())),
    );
    server.closeIdleConnections();
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), STOP_WAIT_MS);
      timer.unref();
    });
    const finished = Promise.allSettled([closed, ...this.inFlight]).then(() => 'done' as const);
    if ((await Promise.race([finished, gaveUp])) === 'timeout')
      this.log().warn('stopped while Slack requests were still being handled');
    clearTimeout(timer);
  }

  private log(): Logger {
    return this.logger ?? console;
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const { onAnswered } = this.options;
    if (onAnswered)
      res.once('finish', () => onAnswered(this.kinds.get(res) ?? 'unreadable', res.statusCode));
    const handling = requestScope.run({ kind: 'http' }, () =>
      this.route(req, res).catch((error: unknown) => {
        this.log().error(`a request to ${oneLine(req.url ?? '')} failed`, error);
        answerStatus(res, 500);
      }),
    );
    this.inFlight.add(handling);
    this.options.onHandling?.(handling);
    void handling.finally(() => this.inFlight.delete(handling));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const path = pathOf(req.url);
    if (path === undefined) return answerStatus(res, 400);
    if (path === this.endpoint && method === 'POST') return this.handleSlackRequest(req, res);
    const handler = this.routes[path]?.[method];
    if (handler) {
      this.kinds.set(res, `route ${path}`);
      return handler(Object.assign(req, { params: {} }), res);
    }
    this.kinds.set(res, 'not_found');
    this.log().debug(`no route for ${method} ${oneLine(path)}`);
    answerStatus(res, 404);
  }

  private async handleSlackRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rejected = (status: number, why: string) => {
      this.log().warn(`Slack request refused (${status}): ${why}`);
      answerStatus(res, status);
    };
    let raw: string;
    try {
      const limit = HTTPModuleFunctions.defaultBodyLimit;
      raw = (await HTTPModuleFunctions.bufferIncomingMessage(req, limit)).rawBody.toString('utf8');
    } catch (error) {
      if (HTTPModuleFunctions.isRawBodyError(error) && error.statusCode === 413) {
        // Answering while the client still sends would reset the connection: read the rest first.
        await discardRest(req);
        res.setHeader('connection', 'close');
        return rejected(413, 'the body is too large');
      }
      return rejected(400, `the body could not be read (${errorText(error)})`);
    }
    const contentType = mediaTypeOf(req.headers['content-type']);
    // Slack's SSL check is the one unsigned request; it carries nothing to act on.
    if (contentType === FORM && parseQueryString(raw).ssl_check === '1') {
      this.kinds.set(res, 'ssl_check');
      return answerStatus(res, 200);
    }

    const now = this.wallClock();
    const signature = req.headers['x-slack-signature'];
    const unverified = this.verify(req, raw, now);
    if (unverified || typeof signature !== 'string') {
      this.kinds.set(res, 'unsigned');
      return rejected(401, unverified ?? 'no signature');
    }

    let body: unknown;
    try {
      body = parseBody(raw, contentType);
    } catch (error) {
      return rejected(400, `the body is not readable JSON (${errorText(error)})`);
    }
    const reading = readSlackRequest(body);
    this.kinds.set(res, requestKindOf(reading));
    switch (reading.outcome) {
      case 'reject':
        return rejected(400, `a malformed ${reading.kind}: ${oneLine(reading.problem)}`);
      case 'url_verification':
        return HTTPModuleFunctions.buildUrlVerificationResponse(res, reading);
      case 'ignore':
        this.log().debug(
          `acknowledged a Slack request Mailroom does not handle (${oneLine(reading.kind)})`,
        );
        return answerStatus(res, 200);
      case 'dispatch': {
        if (!this.options.seenRequests.remember(signature, now, now - REMEMBER_SIGNATURES_MS)) {
          this.kinds.set(res, 'replayed');
          this.log().info(`ignored a replayed Slack request (${reading.kind})`);
          return answerStatus(res, 200);
        }
        const foreign = responseUrlsOf(reading.body).find(
          (url) => !this.options.responseUrlAllowed(url),
        );
        if (foreign !== undefined)
          return rejected(
            400,
            `a ${reading.kind} names a response_url that is not Slack's: ${oneLine(foreign)}`,
          );
        return requestScope.run({ kind: reading.kind }, () =>
          withLogBindings({ request: requestIdOf(req, signature) }, () =>
            this.dispatch(reading.kind, reading.body, req, res),
          ),
        );
      }
    }
  }

  /** Why the request is not Slack's, or undefined when it is. */
  private verify(req: IncomingMessage, raw: string, now: number): string | undefined {
    const signature = req.headers['x-slack-signature'];
    const timestamp = req.headers['x-slack-request-timestamp'];
    if (typeof signature !== 'string' || typeof timestamp !== 'string')
      return 'the signature headers are missing';
    if (!/^\d{1,12}$/.test(timestamp)) return 'the request timestamp is not a number of seconds';
    // Bolt's check would also pass `v0=<hash>=anything`; one spelling per signature keeps replays recognisable.
    if (!/^v0=[0-9a-f]{64}$/.test(signature)) return 'the signature is not a v0 signature';
    const skewMs = Number(timestamp) * 1000 - now;
    if (Math.abs(skewMs) > SIGNATURE_WINDOW_MS) {
      const minutes = Math.round(Math.abs(skewMs) / 60_000);
      return `the request timestamp is ${minutes} min ${skewMs > 0 ? 'ahead of' : 'behind'} the clock`;
    }
    try {
      verifySlackRequest({
        signingSecret: this.options.signingSecret,
        body: raw,
        headers: {
          'x-slack-signature': signature,
          'x-slack-request-timestamp': Number(timestamp),
        },
        nowMilliseconds: now,
      });
      return undefined;
    } catch (error) {
      return errorText(error);
    }
  }

  private async dispatch(
    kind: string,
    body: Record<string, unknown>,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const app = this.app;
    if (!app) throw new Error('the Slack receiver was started without an app');
    const answer = new Answer(res, () =>
      this.log().warn(`a ${kind} was not acknowledged within 3 s; answered 200`),
    );
    try {
      await app.processEvent({
        body,
        ack: answer.ack,
        retryNum: HTTPModuleFunctions.extractRetryNumFromHTTPRequest(req),
        retryReason: HTTPModuleFunctions.extractRetryReasonFromHTTPRequest(req),
        customProperties: {},
      });
    } catch (error) {
      this.log().error(`Bolt could not handle a ${kind}`, error);
      answer.fail(500);
      return;
    }
    // No listener took it (an unknown action, view_closed, …): acknowledged, so Slack does not wait.
    if (answer.pending) this.log().debug(`nothing in Mailroom handles this ${kind}; acknowledged`);
    answer.finish();
  }
}

/** The one answer to a Slack request: ack() from a listener, or 200 when none comes. */
class Answer {
  private acked = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly res: ServerResponse,
    onTimeout: () => void,
  ) {
    this.timer = setTimeout(() => {
      if (!this.pending) return;
      onTimeout();
      this.finish();
    }, ACK_TIMEOUT_MS);
    this.timer.unref();
  }

  get pending(): boolean {
    return !this.acked && !this.res.headersSent;
  }

  readonly ack: AckFn<unknown> = async (response?: unknown) => {
    if (this.acked) throw new ReceiverMultipleAckError();
    this.acked = true;
    clearTimeout(this.timer);
    // After the 3 s timeout the answer is already sent: a late ack has nothing left to say.
    if (this.res.headersSent) return;
    HTTPModuleFunctions.buildContentResponse(this.res, response);
  };

  finish(): void {
    clearTimeout(this.timer);
    if (!this.res.headersSent) HTTPModuleFunctions.buildContentResponse(this.res, undefined);
  }

  fail(status: number): void {
    clearTimeout(this.timer);
    answerStatus(this.res, status);
  }
}

function answerStatus(res: ServerResponse, status: number): void {
  if (res.headersSent) return;
  res.writeHead(status);
  res.end();
}

/** Reads and drops what is left of a request's body (the server's request timeout bounds it). */
function discardRest(req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    if (req.readableEnded || req.destroyed) return resolve();
    req.once('end', resolve);
    req.once('close', resolve);
    req.resume();
  });
}

function pathOf(url: string | undefined): string | undefined {
  try {
    return new URL(url ?? '/', 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}

function mediaTypeOf(header: string | undefined): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** As Slack sends them: interactions as a form with a JSON `payload`, commands as a form, events as JSON. */
function parseBody(raw: string, contentType: string): unknown {
  if (contentType !== FORM) return JSON.parse(raw);
  const fields = { ...parseQueryString(raw) };
  return typeof fields.payload === 'string' ? JSON.parse(fields.payload) : fields;
}

function errorText(error: unknown): string {
  return oneLine(error instanceof Error ? error.message : String(error));
}

/** Client text in a log line: one line, bounded. */
function oneLine(text: string): string {
  const flat = text.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ');
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

/**
 * A request's id in the logs: Slack's timestamp and the start of its signature, the pair
 * Mailroom remembers to refuse replays, so a line can be matched with the request it served.
 */
export function requestIdOf(req: IncomingMessage, signature: string): string {
  const timestamp = req.headers['x-slack-request-timestamp'];
  return `${typeof timestamp === 'string' ? timestamp : '?'}-${signature.slice(3, 15)}`;
}
