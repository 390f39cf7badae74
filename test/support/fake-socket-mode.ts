import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';

export type SocketEnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

/**
 * Slack's Socket Mode server, for the fake Slack: the app opens a WebSocket to the URL that
 * apps.connections.open returned, receives `hello`, then envelopes, and acknowledges each
 * one by its envelope_id within 3 seconds.
 */
export class FakeSocketMode {
  static readonly PATH = '/socket-mode';
  private readonly server = new WebSocketServer({ noServer: true });
  private readonly sockets = new Set<WebSocket>();
  private readonly pending = new Map<string, (ack: SocketAck) => void>();
  private readonly connectionWaiters: (() => void)[] = [];

  constructor(private readonly appId: string) {}

  /** Takes over an HTTP upgrade on PATH; anything else is refused. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (new URL(request.url ?? '/', 'http://127.0.0.1').pathname !== FakeSocketMode.PATH) {
      socket.destroy();
      return;
    }
    this.server.handleUpgrade(request, socket, head, (ws) => this.accept(ws));
  }

  get connections(): number {
    return this.sockets.size;
  }

  waitForConnection(timeoutMs = 15_000): Promise<void> {
    if (this.sockets.size > 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no Socket Mode connection')), timeoutMs);
      this.connectionWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Sends one envelope to the connected app and resolves with its acknowledgement. */
  send(
    type: SocketEnvelopeType,
    payload: Record<string, unknown>,
    timeoutMs = 5000,
  ): Promise<SocketAck> {
    const socket = [...this.sockets][0];
    if (!socket) return Promise.reject(new Error('no app is connected over Socket Mode'));
    const envelopeId = randomUUID();
    const envelope = {
      envelope_id: envelopeId,
      type,
      payload,
      accepts_response_payload: type !== 'events_api',
      ...(type === 'events_api' ? { retry_attempt: 0, retry_reason: '' } : {}),
    };
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(envelopeId);
        reject(new Error(`envelope ${envelopeId} (${type}) was not acknowledged`));
      }, timeoutMs);
      this.pending.set(envelopeId, (ack) => {
        clearTimeout(timer);
        resolve(ack);
      });
      socket.send(JSON.stringify(envelope));
    });
  }

  close(): void {
    for (const socket of this.sockets) socket.terminate();
    this.server.close();
  }

  private accept(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as SocketAck;
      this.pending.get(message.envelope_id)?.(message);
      this.pending.delete(message.envelope_id);
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.sockets.size,
        debug_info: {
          host: 'fake-socket-mode',
          build_number: 1,
          approximate_connection_time: 3600,
        },
        connection_info: { app_id: this.appId },
      }),
    );
    for (const waiter of this.connectionWaiters.splice(0)) waiter();
  }
}
