/**
 * The sandbox: the real Mailroom (see live-app.ts) driven line by line, as a person drives
 * Slack. Slash commands, shortcuts, button presses, menus and modals reach it signed and shaped
 * as Slack sends them; everything it sends back is shown as text, with the elements a person
 * can act on numbered; its clock stands still until `time` moves it, and its tick runs on the
 * way. It knows no feature of Mailroom: it reads the manifest and whatever blocks come back.
 */
import { fileURLToPath } from 'node:url';
import { formatInTimeZone } from 'date-fns-tz';
import { importMarkdownFolder } from '../../../src/core/services/knowledge.js';
import type { SandboxTeam } from '../../sandbox/team.js';
import { dmChannelIdFor, type RecordedCall, type StoredMessage } from '../fake-slack.js';
import { appHomeOpenedEvent, messageEvent } from '../slack-requests.js';
import { Directory } from './directory.js';
import { LiveApp } from './live-app.js';
import {
  answerField,
  answerHelp,
  describeState,
  type FormField,
  formFields,
  initialState,
} from './modal-form.js';
import {
  type Json,
  optionsOf,
  type RenderContext,
  renderMessage,
  renderView,
  textObject,
} from './render.js';
import { type AppManifest, commandText, readManifest } from './slack-input.js';
import { tickInstants, timeTarget } from './time-words.js';

/** The sandbox's clock starts here unless told otherwise, so a script prints the same every day. */
export const SANDBOX_START = '2026-03-02T08:00Z';
/** The tour that ships with the sandbox. */
export const TOUR_FILE = fileURLToPath(new URL('../../sandbox/tour.txt', import.meta.url));

const DEFAULT_TICK_MINUTES = 15;
const SLACK_CALLS = /^(chat|views)\./;

export interface SandboxOptions {
  team: SandboxTeam;
  /** The instant the sandbox clock starts at. */
  start: number;
  /** Where everything the sandbox shows goes. */
  print: (text: string) => void;
  /** While the clock moves, the app's tick runs this often (default every quarter hour). */
  tickMinutes?: number;
  /** Print what the seed lines do, as a transcript (they run quietly otherwise). */
  showSeed?: boolean;
}

/** Where an element a person can act on was shown: Slack sends a different payload for each. */
type Surface =
  | { kind: 'message'; channelId: string; ts: string }
  | { kind: 'ephemeral'; channelId: string }
  | { kind: 'home' }
  | { kind: 'modal'; viewId: string };

interface Numbered {
  number: number;
  surface: Surface;
  blockId: string;
  element: Json;
}

/** Whether to show the Home tab after a request: opened by the person, acted on, or not. */
type HomeShown = 'opened' | 'acted-on' | 'not';

/** What a response_url was handed out for: who acted, where, on what. */
interface Origin {
  userId: string;
  channelId: string;
  surface: Surface;
}

/** A modal the person has open, and what they have put in its fields. */
interface OpenModal {
  view: Json;
  fields: FormField[];
  values: Record<string, Record<string, Json>>;
  /** Indexes of the fields still to ask, in order. */
  toAsk: number[];
  errors: Record<string, string>;
}

export class Sandbox {
  private userId: string;
  private channelId: string;
  /** The numbered elements of what was shown last, and of what is being shown now. */
  private numbered: Numbered[] = [];
  private screen: Numbered[] = [];
  private modals: OpenModal[] = [];
  private pushedViews = 0;
  /** The field whose new value is being sent (dispatch_action): it is asked again once shown. */
  private dispatching: { viewId: string; blockId: string } | undefined;
  private quiet = false;
  /** Printed before the next line, if there is one (what happened at one step of the clock). */
  private heading: string | undefined;
  private readonly team: SandboxTeam;
  private readonly directory: Directory;

  private constructor(
    private readonly options: SandboxOptions,
    private readonly app: LiveApp,
    private readonly manifest: AppManifest,
  ) {
    this.team = options.team;
    this.directory = new Directory(options.team, app);
    this.userId = this.directory.personId(this.team.startAs) ?? this.team.people[0]?.id ?? '';
    this.channelId = this.directory.conversationId(this.team.startIn, this.userId) ?? '';
  }

  static async start(options: SandboxOptions): Promise<Sandbox> {
    let sandbox: Sandbox | undefined;
    const app = await LiveApp.start({
      users: options.team.people,
      channels: options.team.channels,
      start: options.start,
      log: (level, text) => sandbox?.print(`! Mailroom logged (${level}): ${firstLine(text)}`),
    });
    sandbox = new Sandbox(options, app, readManifest());
    await sandbox.seed();
    return sandbox;
  }

  async stop(): Promise<void> {
    // What Mailroom logs while it winds down (a call cut short by the fake Slack closing) is
    // not part of the transcript.
    this.stopped = true;
    await this.app.stop();
  }

  private stopped = false;

  /** True while a modal's fields are being asked: the next line answers one. */
  inModal(): boolean {
    return this.currentField() !== undefined;
  }

  /** What the person is asked next: a command, or the next field of the modal they have open. */
  prompt(): string {
    const modal = this.modals.at(-1);
    const field = this.currentField();
    if (modal && field) {
      const held = describeState(this.valueOf(modal, field), this.lookup()).replace(/\n/g, ' ⏎ ');
      return `  ${field.label}${field.optional ? ' (optional)' : ''}${held ? ` [${held}]` : ''}: `;
    }
    const local = this.directory.localTime(this.app.now, this.userId, 'EEE HH:mm');
    return `${this.directory.nameOf(this.userId)} in ${this.place(this.channelId)} (${local})> `;
  }

  /** Handles one line as typed at the prompt; 'quit' when the person is done. */
  async handle(input: string): Promise<'quit' | undefined> {
    const line = input.replace(/\r$/, '');
    if (this.inModal()) {
      await this.answerField(line);
      return undefined;
    }
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return undefined;
    if (trimmed === 'quit' || trimmed === 'exit') return 'quit';
    // A modal stays open while fields are left to ask, or when it has none but can be submitted.
    this.modals = this.modals.filter(
      (m) => m.toAsk.length > 0 || (m.fields.length === 0 && m.view.submit !== undefined),
    );
    try {
      await this.command(trimmed);
    } catch (error) {
      this.print(`! ${error instanceof Error ? error.message : String(error)}`);
    }
    return undefined;
  }

  // ---------------------------------------------------------------- commands

  private async command(line: string): Promise<void> {
    const [word = '', ...rest] = line.split(/\s+/);
    const arg = line.slice(word.length).trim();
    if (word.startsWith('/')) return this.slashCommand(word, arg);
    switch (word.toLowerCase()) {
      case 'help':
        return this.help();
      case 'as':
        return this.actAs(arg);
      case 'in':
        return this.goTo(arg);
      case 'who':
        return this.print(
          [`It is ${utc(this.app.now)}.`, ...this.directory.table(this.userId)].join('\n'),
        );
      case 'time':
        return arg === '' ? this.tellTime() : this.moveTime(arg);
      case 'inbox':
        return this.showConversation(dmChannelIdFor(this.userId));
      case 'channel':
        return this.showConversation(this.channelId);
      case 'canvas':
        return this.showCanvas(this.channelId);
      case 'list':
        return this.showLists(this.channelId);
      case 'home':
        return this.after(() => this.app.sender.event(appHomeOpenedEvent(this.userId)), 'opened');
      case 'press':
        return this.press(rest[0]);
      case 'submit':
        return this.submitOpenModal();
      case 'choose':
        return this.choose(rest[0], rest.slice(1).join(' '));
      case 'shortcut':
        return this.shortcut(arg);
      case 'say':
        return this.say(arg);
      default:
        this.print(`I don't understand “${line}”. Type help to see what you can do here.`);
    }
  }

  private help(): void {
    const commands = this.manifest.commands.flatMap((c) => [
      `  ${c.command} ${c.usageHint}`.trimEnd(),
      `        ${c.description}`,
    ]);
    const shortcuts = this.manifest.shortcuts.map(
      (s) =>
        `  shortcut ${s.name.padEnd(20)} ${s.description}${s.type === 'message' ? ' (on the latest message here)' : ''}`,
    );
    const minutes = this.options.tickMinutes ?? DEFAULT_TICK_MINUTES;
    this.print(
      [
        'Mailroom runs here against a fake Slack. Slash commands go to it signed, as Slack sends them',
        '(@names and #channels escaped where the manifest asks Slack to):',
        ...commands,
        'Shortcuts:',
        ...shortcuts,
        'Around the sandbox:',
        `  as <person>          act as ${this.directory.peopleNames()}`,
        `  in <#channel>        move to ${this.directory.channelNames()}, or \`in dm\` (your DM with Mailroom)`,
        '  say <text>           write a message here',
        '  inbox                your DM with Mailroom',
        '  channel              the messages here, with their threads',
        '  canvas               the canvases of this channel (a plan’s), as their markdown',
        '  list                 the Lists shared with this channel (a plan’s tasks), as a table',
        '  home                 your Home tab in Mailroom',
        '  who                  everyone: zone, local time, hours, working now or not',
        '  press <n>            press button [n] of what was shown last',
        '  choose <n> <pick>    pick in menu [n]: option numbers (`choose 4 2`), a name, a #channel, a date',
        `  time +3h, +1d, 09:00, tomorrow 09:00, fri 17:30, 2026-03-05 09:00   move the clock (your zone: ${this.directory.zoneOf(this.userId)})`,
        '  quit',
        `The clock stands still until you move it; as it moves, the app’s tick runs every ${minutes} minutes.`,
        'In a modal, each field is asked in turn: Enter keeps what it holds, `-` empties it, `!back` goes',
        'back a field, `!cancel` closes the modal, `!press <n>` presses a button in it. A modal with',
        'nothing to fill in is sent with `submit`.',
      ].join('\n'),
    );
  }

  private actAs(name: string): void {
    const id = this.directory.personId(name);
    if (!id) {
      this.print(`There is nobody called “${name}”. Try one of: ${this.directory.peopleNames()}.`);
      return;
    }
    this.userId = id;
    this.numbered = [];
    if (this.channelId.startsWith('D') || !this.directory.isMember(this.channelId, id)) {
      this.channelId = dmChannelIdFor(id);
    }
    this.print(`You are ${this.directory.describe(id)}.`);
  }

  private goTo(place: string): void {
    const id = this.directory.conversationId(place, this.userId);
    if (!id) {
      this.print(
        `There is no channel “${place}”. Try ${this.directory.channelNames()}, or \`dm\`.`,
      );
      return;
    }
    if (!this.directory.isMember(id, this.userId)) {
      this.print(`${this.directory.nameOf(this.userId)} is not in ${this.place(id)}.`);
      return;
    }
    this.channelId = id;
    this.print(`You are in ${this.place(id)}.`);
  }

  private tellTime(): void {
    const zone = this.directory.zoneOf(this.userId);
    const local = this.directory.localTime(this.app.now, this.userId);
    this.print(`It is ${local} for you (${zone}), ${utc(this.app.now)}.`);
  }

  /** Moves the clock, running the app's tick on the way as the real minute tick would. */
  private async moveTime(arg: string): Promise<void> {
    const target = timeTarget(arg, this.app.now, this.directory.zoneOf(this.userId));
    if (!target.ok) {
      this.print(target.problem);
      return;
    }
    if (target.at <= this.app.now) {
      const local = this.directory.localTime(this.app.now, this.userId);
      this.print(`The sandbox clock only moves forward: it is already ${local} for you.`);
      return;
    }
    const step = (this.options.tickMinutes ?? DEFAULT_TICK_MINUTES) * 60_000;
    for (const at of tickInstants(this.app.now, target.at, step)) {
      this.app.now = at;
      await this.app.tick();
      await this.app.settle();
      if (!this.app.hasActivity()) continue;
      this.heading = `  ⏱ ${this.directory.localTime(at, this.userId)} your time:`;
      this.showActivity('not');
      this.heading = undefined;
    }
    this.tellTime();
    this.endScreen();
  }

  private async slashCommand(command: string, typed: string): Promise<void> {
    const declared = this.manifest.commands.find((c) => c.command === command);
    if (!declared) {
      const known = this.manifest.commands.map((c) => c.command).join(', ');
      this.print(`${command} is not a command of this app (manifest.yml declares ${known}).`);
      return;
    }
    const text = commandText(typed, declared.shouldEscape, this.mentionable());
    const channelId = this.channelId;
    await this.after(async () => {
      const response = await this.app.send(this.originAt({ kind: 'ephemeral', channelId }), (s) =>
        s.slashCommand({
          command,
          text,
          userId: this.userId,
          userName: this.directory.nameOf(this.userId),
          channelId,
          channelName: this.directory.slackChannelName(channelId),
        }),
      );
      this.showImmediateAnswer(response.status, response.body, channelId);
    });
  }

  private async shortcut(name: string): Promise<void> {
    const wanted = name.toLowerCase();
    const shortcut = this.manifest.shortcuts.find(
      (s) => s.name.toLowerCase() === wanted || s.callbackId === wanted,
    );
    if (!shortcut) {
      const known = this.manifest.shortcuts.map((s) => `“${s.name}”`).join(', ');
      this.print(`There is no shortcut “${name}”. This app has ${known}.`);
      return;
    }
    const who = { userId: this.userId, userName: this.directory.nameOf(this.userId) };
    if (shortcut.type === 'global') {
      await this.after(() =>
        this.app.sender.globalShortcut({ ...who, callbackId: shortcut.callbackId }),
      );
      return;
    }
    const channelId = this.channelId;
    const message = this.app.fake
      .allMessagesIn(channelId)
      .filter((m) => m.thread_ts === undefined)
      .at(-1);
    if (!message) {
      this.print(
        `There is no message in ${this.place(channelId)} to use it on: \`say\` something first.`,
      );
      return;
    }
    this.print(`(on the latest message in ${this.place(channelId)}: “${firstLine(message.text)}”)`);
    await this.after(() =>
      this.app.send(this.originAt({ kind: 'ephemeral', channelId }), (s) =>
        s.messageShortcut({
          ...who,
          callbackId: shortcut.callbackId,
          channelId,
          channelName: this.directory.slackChannelName(channelId),
          message: { ...message },
        }),
      ),
    );
  }

  /** A message from the person; Mailroom hears of it when the manifest subscribes to it. */
  private async say(text: string): Promise<void> {
    if (text === '') {
      this.print('Say what? `say <text>`.');
      return;
    }
    const channelId = this.channelId;
    const message = this.app.fake.seedMessage(channelId, {
      user: this.userId,
      text: commandText(text, true, this.mentionable()),
    });
    this.print(`(you wrote in ${this.place(channelId)})`);
    const type = channelId.startsWith('D')
      ? 'im'
      : this.directory.isPrivate(channelId)
        ? 'group'
        : 'channel';
    const subscription = { im: 'message.im', group: 'message.groups', channel: 'message.channels' };
    if (!this.manifest.botEvents.includes(subscription[type])) return;
    await this.after(() =>
      this.app.sender.event(
        messageEvent({
          userId: this.userId,
          channelId,
          text: message.text,
          ts: message.ts,
          channelType: type,
        }),
      ),
    );
  }

  private showConversation(channelId: string): void {
    const messages = this.app.fake.allMessagesIn(channelId);
    const top = messages.filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts);
    if (top.length === 0) {
      this.print(`Nothing in ${this.place(channelId)} yet.`);
      return;
    }
    const shown = top.slice(-10);
    if (top.length > shown.length) this.print(`(${top.length - shown.length} earlier messages)`);
    for (const message of shown) {
      this.printMessage(message, 'shown');
      for (const reply of messages) {
        if (reply.thread_ts === message.ts && reply.ts !== message.ts) {
          this.printMessage(reply, 'shown');
        }
      }
    }
    this.endScreen();
  }

  /** The canvases of a channel: its canvas tab, and those shared with it, as markdown. */
  private showCanvas(channelId: string): void {
    const canvases = [...this.app.fake.canvases.values()].filter(
      (c) => c.channelTab === channelId || c.access.some((a) => a.id === channelId),
    );
    if (canvases.length === 0) {
      this.print(`No canvas in ${this.place(channelId)} yet.`);
      return;
    }
    for (const canvas of canvases) {
      const where = canvas.channelTab === channelId ? 'the channel’s canvas' : 'shared with it';
      const markdown = canvas.markdown
        .replace(/!\[\]\(@([A-Z0-9]+)\)/g, (_m, id: string) => `@${this.directory.nameOf(id)}`)
        .replace(/!\[\]\(#([A-Z0-9]+)\)/g, (_m, id: string) => this.place(id));
      this.print(
        [`┌ Canvas: ${canvas.title} (${where})`, ...markdown.split('\n').map((l) => `│ ${l}`)]
          .join('\n')
          .trimEnd(),
      );
    }
    this.endScreen();
  }

  /** The Lists shared with a channel: their columns and items as a table. */
  private showLists(channelId: string): void {
    const lists = [...this.app.fake.lists.values()].filter((l) =>
      l.access.some((a) => a.id === channelId),
    );
    if (lists.length === 0) {
      this.print(`No List in ${this.place(channelId)} yet.`);
      return;
    }
    for (const list of lists) {
      const access = list.access.find((a) => a.id === channelId)?.level ?? 'read';
      const names = list.schema.map((c) => c.name);
      const rows = this.app.fake.listRows(list.id).map((row) => names.map((n) => row[n] ?? ''));
      const widths = names.map((n, i) => Math.max(n.length, ...rows.map((r) => r[i]?.length ?? 0)));
      const line = (cells: string[]) =>
        `│ ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' │ ')}`.trimEnd();
      this.print(
        [
          `┌ List: ${list.name} (shared with it, ${access} only)`,
          line(names),
          `│ ${widths.map((w) => '─'.repeat(w)).join('─┼─')}`,
          ...rows.map(line),
          ...(rows.length === 0 ? ['│ (no items)'] : []),
        ].join('\n'),
      );
    }
    this.endScreen();
  }

  // ---------------------------------------------------------------- buttons and menus

  private async press(text: string | undefined): Promise<void> {
    const item = this.numberedElement(text);
    if (!item) return;
    if (item.element.type !== 'button') {
      this.print(`[${item.number}] is a menu: \`choose ${item.number} <option>\`.`);
      return;
    }
    const confirm = item.element.confirm as Json | undefined;
    if (confirm) {
      const ctx = this.renderContext();
      this.print(
        `(Slack asks “${textObject(confirm.title, ctx)}”: ${textObject(confirm.text, ctx)} You confirm.)`,
      );
    }
    await this.act(item, { type: 'button', text: item.element.text, value: item.element.value });
  }

  private async choose(text: string | undefined, picked: string): Promise<void> {
    const item = this.numberedElement(text);
    if (!item) return;
    const type = String(item.element.type);
    if (type === 'button') {
      this.print(`[${item.number}] is a button: \`press ${item.number}\`.`);
      return;
    }
    const menu: FormField = {
      blockId: item.blockId,
      actionId: String(item.element.action_id ?? ''),
      label: '',
      hint: '',
      optional: false,
      type: type === 'overflow' ? 'static_select' : type,
      element: item.element,
      options: optionsOf(item.element),
    };
    const answer = answerField(menu, picked, { type }, this.lookup());
    if (!answer.ok) {
      this.print(answer.problem);
      return;
    }
    await this.act(item, { ...answer.state, type, text: undefined, value: undefined });
  }

  private numberedElement(text: string | undefined): Numbered | undefined {
    const item = this.numbered.find((n) => n.number === Number(text));
    if (item) return item;
    this.print(
      this.numbered.length === 0
        ? 'Nothing on screen has a number: `inbox`, `home` or `channel` shows what you can act on.'
        : `There is no [${text ?? ''}] on screen (1–${this.numbered.length}).`,
    );
    return undefined;
  }

  /** Sends block_actions for an element from where it was shown, as Slack does. */
  private async act(item: Numbered, action: Json): Promise<void> {
    const { surface } = item;
    const input = {
      userId: this.userId,
      userName: this.directory.nameOf(this.userId),
      actionId: String(item.element.action_id ?? ''),
      blockId: item.blockId,
      action,
    };
    const inChannel = (channelId: string) => ({
      channelId,
      channelName: this.directory.slackChannelName(channelId),
    });
    await this.after(
      () =>
        this.app.send(this.originAt(surface), (s) => {
          switch (surface.kind) {
            case 'message': {
              const message = this.storedMessage(surface.channelId, surface.ts);
              return s.blockAction({
                ...input,
                ...inChannel(surface.channelId),
                messageTs: surface.ts,
                message: { ...message },
              });
            }
            case 'ephemeral':
              return s.blockAction({ ...input, ...inChannel(surface.channelId) });
            case 'home':
              return s.blockAction({ ...input, view: this.homeView() ?? { type: 'home' } });
            case 'modal': {
              const modal = this.modals.find((m) => m.view.id === surface.viewId);
              const view = modal ? this.viewAsSubmitted(modal) : { id: surface.viewId };
              return s.blockAction({ ...input, view: { type: 'modal', ...view } });
            }
          }
        }),
      surface.kind === 'home' ? 'acted-on' : 'not',
    );
  }

  // ---------------------------------------------------------------- modals

  private currentField(): FormField | undefined {
    const modal = this.modals.at(-1);
    const index = modal?.toAsk[0];
    return index === undefined ? undefined : modal?.fields[index];
  }

  private valueOf(modal: OpenModal, field: FormField): Json {
    return modal.values[field.blockId]?.[field.actionId] ?? initialState(field);
  }

  /** Shows a modal and starts asking its fields; `replace` keeps what was typed in the one it replaces. */
  private openModal(view: Json, replace: boolean): void {
    const fields = formFields(view, this.renderContext());
    const previous = replace ? this.modals.pop() : undefined;
    const values: OpenModal['values'] = {};
    for (const field of fields) {
      const kept = previous?.values[field.blockId]?.[field.actionId];
      values[field.blockId] = {
        ...values[field.blockId],
        [field.actionId]: kept ?? initialState(field),
      };
    }
    // Updated after a field sent its value: asked again from that field, Enter keeping it.
    const resume =
      replace && this.dispatching?.viewId === String(view.id)
        ? Math.max(
            0,
            fields.findIndex((field) => field.blockId === this.dispatching?.blockId),
          )
        : 0;
    const toAsk = view.submit ? fields.map((_field, index) => index).slice(resume) : [];
    this.modals.push({ view, fields, values, toAsk, errors: {} });
    this.printFramed(
      `Modal: ${textObject(view.title, this.renderContext())}`,
      renderView(view, this.renderContext({ kind: 'modal', viewId: String(view.id) })),
    );
    if (fields.length === 0 && view.submit) {
      const label = textObject(view.submit, this.renderContext());
      this.print(`  (nothing to fill in: \`submit\` presses [${label}])`);
    }
    this.introduceField();
  }

  /** Said before a field is asked: the app's error for it, its options, how to answer. */
  private introduceField(): void {
    const modal = this.modals.at(-1);
    const field = this.currentField();
    if (!modal || !field) return;
    const error = modal.errors[field.blockId];
    if (error) this.print(`  ✗ ${field.label}: ${error}`);
    const options = field.options.map((o, i) => `${i + 1}) ${o.text}`).join('  ');
    const notes = [options, answerHelp(field)].filter((note) => note !== '');
    if (notes.length > 0) this.print(`    (${notes.join('; ')})`);
  }

  private async answerField(line: string): Promise<void> {
    const modal = this.modals.at(-1) as OpenModal;
    const field = this.currentField() as FormField;
    const typed = line.trim();
    if (typed === '!cancel') return this.closeModal(modal);
    if (typed === '!back') {
      const at = modal.fields.indexOf(field);
      if (at > 0 && !modal.toAsk.includes(at - 1)) modal.toAsk.unshift(at - 1);
      this.introduceField();
      return;
    }
    if (typed.startsWith('!press ') || typed.startsWith('!choose ')) {
      await this.command(typed.slice(1));
      return;
    }
    const held = this.valueOf(modal, field);
    const answer = answerField(field, line, held, this.lookup());
    if (!answer.ok) {
      this.print(`  ✗ ${answer.problem}`);
      return;
    }
    modal.values[field.blockId] = {
      ...modal.values[field.blockId],
      [field.actionId]: answer.state,
    };
    delete modal.errors[field.blockId];
    modal.toAsk.shift();
    const picked = describeState(answer.state, this.lookup()) !== '';
    if (field.dispatchAction && picked && JSON.stringify(answer.state) !== JSON.stringify(held)) {
      await this.dispatchField(modal, field, answer.state);
      // Mailroom updated the modal: it is shown, and the field asked again from there.
      if (this.modals.at(-1) !== modal) return;
    }
    if (modal.toAsk.length > 0) this.introduceField();
    else await this.submit(modal);
  }

  /**
   * An input with `dispatch_action`: its new value goes to Mailroom as block_actions at once, as
   * Slack sends it when a pick changes (or Enter is pressed in a text field), before the form
   * is submitted; Mailroom may answer by updating the modal.
   */
  private async dispatchField(modal: OpenModal, field: FormField, state: Json): Promise<void> {
    const viewId = String(modal.view.id);
    this.dispatching = { viewId, blockId: field.blockId };
    this.print('  (Slack sends it to Mailroom at once: this field dispatches its value)');
    try {
      await this.act(
        {
          number: 0,
          surface: { kind: 'modal', viewId },
          blockId: field.blockId,
          element: field.element,
        },
        state,
      );
    } finally {
      this.dispatching = undefined;
    }
  }

  /** `submit`: presses the submit button of the open modal that has nothing left to fill in. */
  private async submitOpenModal(): Promise<void> {
    const modal = this.modals.findLast((m) => m.view.submit !== undefined);
    if (!modal) return this.print('No form is open to submit.');
    await this.submit(modal);
  }

  /** The view as Slack sends it back: as the app made it, with what the person put in. */
  private viewAsSubmitted(modal: OpenModal): Json {
    const stored = this.app.fake.view(String(modal.view.id));
    return { ...stored, ...modal.view, state: { values: modal.values } };
  }

  private async submit(modal: OpenModal): Promise<void> {
    this.print(`  → [${textObject(modal.view.submit, this.renderContext()) || 'Submit'}]`);
    await this.after(async () => {
      const response = await this.app.sender.viewSubmission({
        userId: this.userId,
        userName: this.directory.nameOf(this.userId),
        callbackId: String(modal.view.callback_id ?? ''),
        privateMetadata: String(modal.view.private_metadata ?? ''),
        values: modal.values,
        view: this.viewAsSubmitted(modal),
      });
      if (response.status !== 200) {
        this.print(`! Mailroom answered the form with HTTP ${response.status}.`);
        return;
      }
      const answer = parseJson(response.body);
      switch (answer?.response_action) {
        case 'errors':
          return this.sentBack(modal, (answer.errors ?? {}) as Record<string, string>);
        case 'update':
          return this.openModal({ ...(answer.view as Json), id: modal.view.id }, true);
        case 'push':
          this.pushedViews += 1;
          return this.openModal(
            { ...(answer.view as Json), id: `VSANDBOX${this.pushedViews}` },
            false,
          );
        case 'clear':
          this.modals = [];
          this.print('  (the modal closed)');
          return;
        default:
          this.modals.pop();
          this.print('  (the modal closed)');
      }
    });
  }

  /** `response_action: errors`: each message under its field, and those fields asked again. */
  private sentBack(modal: OpenModal, errors: Record<string, string>): void {
    this.print('  Mailroom sent the form back:');
    modal.errors = errors;
    modal.toAsk = modal.fields.flatMap((field, index) =>
      errors[field.blockId] === undefined ? [] : [index],
    );
    for (const [blockId, message] of Object.entries(errors)) {
      if (!modal.fields.some((field) => field.blockId === blockId)) this.print(`  ✗ ${message}`);
    }
    if (modal.toAsk.length === 0) {
      this.print('  (no field of the form is named: every field is asked again)');
      modal.toAsk = modal.fields.map((_field, index) => index);
    }
    this.introduceField();
  }

  private async closeModal(modal: OpenModal): Promise<void> {
    this.modals = this.modals.filter((m) => m !== modal);
    this.print('  (you closed the modal; nothing was sent)');
    if (modal.view.notify_on_close !== true) return;
    await this.after(() =>
      this.app.sender.viewClosed({
        userId: this.userId,
        callbackId: String(modal.view.callback_id ?? ''),
        privateMetadata: String(modal.view.private_metadata ?? ''),
        values: modal.values,
        view: this.viewAsSubmitted(modal),
      }),
    );
  }

  // ---------------------------------------------------------------- what the app did

  /** Sends a request, waits for Mailroom to finish with it, runs a tick, shows what happened. */
  private async after(send: () => Promise<unknown>, home: HomeShown = 'not'): Promise<void> {
    await send();
    await this.app.settle();
    await this.app.tick();
    await this.app.settle();
    this.showActivity(home);
    this.endScreen();
  }

  /** What Mailroom put in its HTTP answer to a slash command (usually nothing: it uses respond()). */
  private showImmediateAnswer(status: number, body: string, channelId: string): void {
    if (status !== 200) {
      this.print(`! Mailroom answered HTTP ${status}.`);
      return;
    }
    const answer = parseJson(body);
    if (!answer || (answer.text === undefined && answer.blocks === undefined)) return;
    const surface: Surface = { kind: 'ephemeral', channelId };
    this.printFramed(
      `Mailroom, only to you, in ${this.place(channelId)}`,
      this.lines(answer, surface),
    );
  }

  /**
   * Shows what Mailroom did since last asked. The Home tab only when the person opens it, or
   * when they act on it and Mailroom publishes it again.
   */
  private showActivity(home: HomeShown): void {
    const { responses, calls } = this.app.takeActivity();
    const published = calls
      .filter(
        (c) => c.method === 'views.publish' && c.response.ok && c.args.user_id === this.userId,
      )
      .at(-1)?.response.view as Json | undefined;
    if (home === 'opened' || (home === 'acted-on' && published)) {
      const view = published ?? this.homeView();
      if (view) {
        const lines = renderView(view, this.renderContext({ kind: 'home' }));
        this.printFramed('Your Home tab in Mailroom', lines);
      } else this.print('(Mailroom published no Home tab for you)');
    }
    for (const { response, origin } of responses) {
      if (origin) this.showResponse(response.body, origin as Origin);
    }
    for (const call of calls) {
      if (!call.response.ok) {
        if (SLACK_CALLS.test(call.method)) {
          this.print(`! Slack refused ${call.method}: ${String(call.response.error)}`);
        }
      } else if (call.method !== 'views.publish') this.showCall(call);
    }
  }

  /** A post to a response_url: a reply to the person, or a change to what they acted on. */
  private showResponse(body: Json, origin: Origin): void {
    const { surface } = origin;
    if (body.delete_original === true) {
      this.print('  (Mailroom removed the message you acted on)');
      return;
    }
    if (body.replace_original === true && surface.kind === 'message') {
      // Slack changes the message the button was in; the fake Slack only records the post.
      const message = this.storedMessage(surface.channelId, surface.ts);
      if (message) {
        message.text = typeof body.text === 'string' ? body.text : message.text;
        if (Array.isArray(body.blocks)) message.blocks = body.blocks;
        else delete message.blocks;
        this.printMessage(message, 'updated');
        return;
      }
    }
    const where = this.place(origin.channelId);
    const title =
      body.response_type === 'in_channel'
        ? `Mailroom in ${where}`
        : `Mailroom, only to you, in ${where}${body.replace_original === true ? ' (replacing its reply)' : ''}`;
    this.printFramed(title, this.lines(body, { kind: 'ephemeral', channelId: origin.channelId }));
  }

  private showCall(call: RecordedCall): void {
    const { args, response } = call;
    switch (call.method) {
      case 'chat.postMessage':
      case 'chat.update': {
        const message = this.storedMessage(String(response.channel), String(response.ts));
        if (message) this.printMessage(message, call.method === 'chat.update' ? 'updated' : 'new');
        return;
      }
      case 'chat.postEphemeral': {
        const channelId = String(args.channel ?? '');
        if (args.user === this.userId) {
          const lines = this.lines(args, { kind: 'ephemeral', channelId });
          this.printFramed(`Mailroom, only to you, in ${this.place(channelId)}`, lines);
        } else {
          const name = this.directory.nameOf(String(args.user));
          this.print(
            `  → Mailroom showed @${name} a reply only they see, in ${this.place(channelId)}.`,
          );
        }
        return;
      }
      case 'chat.delete':
        this.print(`  → Mailroom deleted a message in ${this.place(String(args.channel ?? ''))}.`);
        return;
      case 'views.open':
      case 'views.push':
        this.openModal(response.view as Json, false);
        return;
      case 'views.update': {
        const view = response.view as Json;
        const index = this.modals.findIndex((m) => m.view.id === view.id);
        if (index < 0) return;
        this.modals.push(...this.modals.splice(index, 1));
        this.openModal(view, true);
        return;
      }
    }
  }

  /** A message in a channel or DM: in full to whoever may see it, else one line about it. */
  private printMessage(message: StoredMessage, how: 'new' | 'updated' | 'shown'): void {
    const channelId = message.channel;
    const author = message.bot_id ? 'Mailroom' : `@${this.directory.nameOf(message.user ?? '')}`;
    const at = Number(message.ts) * 1000;
    const owner = this.directory.dmOwner(channelId);
    if (!this.directory.isMember(channelId, this.userId)) {
      const their = owner ? ` (${this.directory.localTime(at, owner)} their time)` : '';
      const verb = how === 'updated' ? 'updated a message in' : 'wrote in';
      const reader = owner ?? this.userId;
      const gist = firstLine(this.plainText(message, reader));
      this.print(`  → ${author} ${verb} ${this.place(channelId)}${their}: “${gist}”`);
      return;
    }
    const where = owner ? 'your DM' : this.place(channelId);
    const reply = message.thread_ts !== undefined && message.thread_ts !== message.ts;
    const when = this.directory.localTime(at, this.userId);
    const title =
      how === 'updated'
        ? `${author} updated its message in ${where}`
        : `${author}${reply ? ' replied in a thread' : ''} in ${where} · ${when}`;
    const surface: Surface = { kind: 'message', channelId, ts: message.ts };
    this.printFramed(title, this.lines(message, surface), reply ? '    ' : '');
  }

  private lines(message: Json, surface: Surface): string[] {
    return renderMessage(message, this.renderContext(surface));
  }

  private plainText(message: Json, readerId: string): string {
    const ctx: RenderContext = {
      names: this.directory.names(),
      timeZone: this.directory.zoneOf(readerId),
      now: this.app.now,
    };
    return renderMessage(message, ctx).join(' ').replace(/\s+/g, ' ').trim();
  }

  // ---------------------------------------------------------------- plumbing

  /** The demo team's setup, through Mailroom itself: its docs imported, then the seed lines. */
  private async seed(): Promise<void> {
    const imported = await importMarkdownFolder(
      { knowledge: this.app.ctx.knowledge, clock: () => this.app.now },
      this.team.handbook,
    );
    const start = { userId: this.userId, channelId: this.channelId };
    if (this.options.showSeed) {
      await runScript(this, this.team.seed, this.options.print);
    } else {
      this.quiet = true;
      try {
        for (const line of this.team.seed) await this.handle(line);
      } finally {
        this.quiet = false;
      }
    }
    this.userId = start.userId;
    this.channelId = start.channelId;
    this.numbered = [];
    this.modals = [];
    const zones = new Set(this.team.people.map((p) => p.tz)).size;
    this.print(
      `Seeded: ${this.team.people.length} people in ${zones} time zones, ${this.team.channels.length} channels, ${imported.added.length} docs from the handbook, experts for every topic, and a standup for the support rotation.`,
    );
  }

  private print(text: string): void {
    if (this.stopped) return;
    if (this.quiet) return;
    if (this.heading) this.options.print(this.heading);
    this.heading = undefined;
    this.options.print(text);
  }

  private printFramed(title: string, lines: string[], indent = ''): void {
    this.print([`${indent}┌ ${title}`, ...lines.map((line) => `${indent}│ ${line}`)].join('\n'));
  }

  /** The numbers given while one command's results were shown replace the previous ones. */
  private endScreen(): void {
    if (this.screen.length > 0) this.numbered = this.screen;
    this.screen = [];
  }

  private renderContext(surface?: Surface): RenderContext {
    const ctx: RenderContext = {
      names: this.directory.names(),
      timeZone: this.directory.zoneOf(this.userId),
      now: this.app.now,
    };
    if (!surface || this.quiet) return ctx;
    return {
      ...ctx,
      number: (blockId, element) => {
        const number = this.screen.length + 1;
        this.screen.push({ number, surface, blockId, element });
        return number;
      },
    };
  }

  private originAt(surface: Surface): Origin {
    const channelId = 'channelId' in surface ? surface.channelId : this.channelId;
    return { userId: this.userId, channelId, surface };
  }

  private mentionable() {
    return {
      user: (name: string) => this.directory.personId(name),
      channel: (name: string) => this.directory.conversationId(`#${name}`, this.userId),
    };
  }

  private lookup() {
    return this.directory.lookup(this.userId);
  }

  private place(channelId: string): string {
    return this.directory.placeName(channelId, this.userId);
  }

  private storedMessage(channelId: string, ts: string): StoredMessage | undefined {
    return this.app.fake.allMessagesIn(channelId).find((m) => m.ts === ts);
  }

  private homeView(): Json | undefined {
    return this.app.fake.homeViewOf(this.userId);
  }
}

/** Runs lines as if typed, printing each after its prompt: a transcript. */
export async function runScript(
  sandbox: Sandbox,
  lines: string[],
  print: (text: string) => void,
): Promise<void> {
  for (const line of lines) {
    const trimmed = line.trim();
    const answersAField = sandbox.inModal();
    if (!answersAField && trimmed === '') print('');
    else if (!answersAField && trimmed.startsWith('#')) print(line);
    else print(`${sandbox.prompt()}${line}`);
    if ((await sandbox.handle(line)) === 'quit') return;
  }
  if (sandbox.inModal()) print('(the script ended with a modal still open)');
}

function utc(instant: number): string {
  return `${formatInTimeZone(instant, 'UTC', 'EEE d MMM yyyy HH:mm')} UTC`;
}

function parseJson(body: string): Json | undefined {
  if (body.trim() === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Json) : undefined;
  } catch {
    return { text: body };
  }
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}
