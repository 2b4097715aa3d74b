import type { Emulator } from '../emulator.js';
import { CallbackType, dispatchInteraction, type InteractionRecord } from '../interactions.js';
import { MessageFlag } from '../validate/messages.js';
import { type Violation, ViolationError } from '../violations.js';
import type { MessageRecord } from '../world.js';
import { Message, Modal } from './views.js';

export interface DriverTiming {
  /** Quiet time after an acknowledgement before resolving, so a second acknowledgement is still caught. */
  settleMs: number;
  /** How long a deferred reply (type 5) may take to be delivered. */
  replyTimeoutMs: number;
  /**
   * How long after DEFERRED_UPDATE_MESSAGE (type 6) an edit may come before the unchanged message is returned. A
   * follow-up ends the wait sooner: the bot answered that way instead (or after its edit).
   */
  deferredUpdateSettleMs: number;
  /** Extra wait past the acknowledgement deadline before reporting that no acknowledgement came. */
  ackGraceMs: number;
}

export type Outcome =
  | { kind: 'message'; message: Message }
  | { kind: 'modal'; modal: Modal }
  | { kind: 'choices'; choices: { name: string; value: string | number }[] };

/** What one interaction being performed waits for: its acknowledgement and violations against it. */
interface Watch {
  onAck(): void;
  onViolation(violation: Violation): void;
}

/**
 * The interactions being performed on each emulator, by id, behind one bus listener per event: with hundreds in
 * flight (a load test), every acknowledgement reaches its own interaction only, instead of each of them.
 */
const watchedBy = new WeakMap<Emulator, Map<string, Set<Watch>>>();

function watchersOf(emulator: Emulator): Map<string, Set<Watch>> {
  let watchers = watchedBy.get(emulator);
  if (!watchers) {
    const byId = new Map<string, Set<Watch>>();
    emulator.bus.on('ack', (record) => {
      for (const watch of byId.get(record.id) ?? []) watch.onAck();
    });
    emulator.bus.on('violation', (violation) => {
      if (violation.interactionId === undefined) return;
      for (const watch of byId.get(violation.interactionId) ?? []) watch.onViolation(violation);
    });
    watchedBy.set(emulator, (watchers = byId));
  }
  return watchers;
}

/**
 * Dispatches an interaction and resolves with what its user ends up seeing: the reply (4), the delivered deferred
 * reply (5), the updated message (6/7), the autocomplete choices (8) or the modal (9). Rejects with the violation
 * when the bot breaks a rule for this interaction, or when it never acknowledges.
 */
export function performInteraction(emulator: Emulator, record: InteractionRecord, timing: DriverTiming): Promise<Outcome> {
  const { bus } = emulator;
  const deadline = emulator.options.ackDeadlineMs;
  return new Promise<Outcome>((resolve, reject) => {
    const timers = new Set<NodeJS.Timeout>();
    let done = false;
    const later = (ms: number, fn: () => void): void => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        fn();
      }, ms);
      timers.add(timer);
    };
    const watchers = watchersOf(emulator);
    let listening = false;
    const cleanup = (): void => {
      done = true;
      for (const timer of timers) clearTimeout(timer);
      const mine = watchers.get(record.id);
      mine?.delete(watch);
      if (mine?.size === 0) watchers.delete(record.id);
      stopListening();
    };
    const fail = (error: Error): void => {
      if (done) return;
      cleanup();
      reject(error);
    };
    const succeed = (outcome: () => Outcome): void => {
      if (done) return;
      try {
        const value = outcome();
        cleanup();
        resolve(value);
      } catch (error) {
        fail(error as Error);
      }
    };
    const settle = (outcome: () => Outcome): void => later(timing.settleMs, () => succeed(outcome));
    const current = (id: string | undefined): Message => {
      const message = id ? emulator.world.messages.get(id) : undefined;
      if (!message || message.deleted) throw new Error(`the bot deleted the message of ${record.label} before it could be seen`);
      return new Message(emulator, message, record);
    };
    /** What the bot is still expected to do after its acknowledgement. */
    let awaiting: 'ack' | 'delivery' | 'edit' | 'settling' = 'ack';

    const onViolation = (violation: Violation): void => fail(new ViolationError(violation));
    const onAck = (): void => {
      if (!record.ack) return;
      switch (record.ack.type) {
        case CallbackType.ChannelMessageWithSource:
        case CallbackType.UpdateMessage:
          awaiting = 'settling';
          settle(() => ({ kind: 'message', message: current(record.originalMessageId) }));
          return;
        case CallbackType.AutocompleteResult:
          awaiting = 'settling';
          settle(() => ({ kind: 'choices', choices: structuredClone(record.choices ?? []) }));
          return;
        case CallbackType.Modal:
          awaiting = 'settling';
          settle(() => ({ kind: 'modal', modal: new Modal(record.id, record.userId, record.modal as NonNullable<typeof record.modal>) }));
          return;
        case CallbackType.DeferredChannelMessageWithSource:
          awaiting = 'delivery';
          listen();
          later(timing.replyTimeoutMs, () =>
            fail(new Error(`the bot deferred ${record.label} but did not deliver its reply within ${timing.replyTimeoutMs} ms`)),
          );
          return;
        case CallbackType.DeferredUpdateMessage:
          awaiting = 'edit';
          listen();
          later(timing.deferredUpdateSettleMs, () => {
            if (awaiting === 'edit') succeed(() => ({ kind: 'message', message: current(record.sourceMessageId) }));
          });
          return;
      }
    };
    const onUpdated = (message: MessageRecord): void => {
      if (awaiting === 'delivery' && message.id === record.originalMessageId && (message.flags & MessageFlag.Loading) === 0) {
        awaiting = 'settling';
        settle(() => ({ kind: 'message', message: current(message.id) }));
      } else if (awaiting === 'edit' && message.id === record.sourceMessageId) {
        awaiting = 'settling';
        settle(() => ({ kind: 'message', message: current(message.id) }));
      }
    };
    // A follow-up is announced before it is filed under its interaction: look once the route is done.
    const onCreated = (message: MessageRecord): void =>
      void setImmediate(() => {
        if (!done && awaiting === 'edit' && record.followUpIds.includes(message.id)) {
          awaiting = 'settling';
          settle(() => ({ kind: 'message', message: current(record.sourceMessageId) }));
        }
      });
    const onDeleted = (message: MessageRecord): void => {
      if (awaiting === 'delivery' && message.id === record.originalMessageId) {
        fail(new Error(`the bot deleted its deferred reply to ${record.label} instead of delivering it`));
      }
    };

    // Messages matter only once the bot has deferred (a reply to deliver, an edit to wait for): only then listen.
    function listen(): void {
      if (listening || done) return;
      listening = true;
      bus.on('message-updated', onUpdated);
      bus.on('message-deleted', onDeleted);
      bus.on('message-created', onCreated);
    }
    function stopListening(): void {
      if (!listening) return;
      listening = false;
      bus.off('message-updated', onUpdated);
      bus.off('message-deleted', onDeleted);
      bus.off('message-created', onCreated);
    }
    const watch: Watch = { onAck, onViolation };
    const mine = watchers.get(record.id);
    if (mine) mine.add(watch);
    else watchers.set(record.id, new Set([watch]));
    later(deadline + timing.ackGraceMs, () => {
      if (awaiting === 'ack') {
        fail(new Error(`the bot did not acknowledge interaction ${record.id} (${record.label}) within ${deadline} ms`));
      }
    });
    const delivered = dispatchInteraction(emulator, record);
    if (delivered === 0) fail(new Error(`cannot run ${record.label}: no bot session is connected to the gateway`));
  });
}
