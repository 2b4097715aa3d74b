import { BaseInteraction, GuildMember, InteractionWebhook, Message, MessageManager, MessagePayload, User, Webhook, WebhookClient } from 'discord.js';

/**
 * discord.js's MessagePayload answers "what is this message sent to?" (`isInteraction`, `isWebhook`, …) with getters
 * that `require()` the classes each time. Node resolves such a require again on every call (package scopes read,
 * paths joined) when the module was first loaded from elsewhere, as these were: under bench:scale that was 3.5 % of
 * the bot's CPU, five resolutions for every reply, edit and follow-up. The getters are replaced by the same
 * `instanceof` tests against the same classes, imported once. tests/discord/payloadTargets.test.ts checks that each
 * answers as discord.js's own does for every kind of target.
 */
const TARGET_TESTS = {
  isWebhook: (target: unknown) => target instanceof Webhook || target instanceof WebhookClient,
  isUser: (target: unknown) => target instanceof User || target instanceof GuildMember,
  isMessage: (target: unknown) => target instanceof Message,
  isMessageManager: (target: unknown) => target instanceof MessageManager,
  isInteraction: (target: unknown) => target instanceof BaseInteraction || target instanceof InteractionWebhook,
} as const;

export type PayloadTargetGetter = keyof typeof TARGET_TESTS;
export const PAYLOAD_TARGET_GETTERS = Object.keys(TARGET_TESTS) as PayloadTargetGetter[];

let installed = false;

/** Installs the getters once per process (idempotent). */
export function resolvePayloadTargetsOnce(): void {
  if (installed) return;
  installed = true;
  for (const name of PAYLOAD_TARGET_GETTERS) {
    const test = TARGET_TESTS[name];
    Object.defineProperty(MessagePayload.prototype, name, {
      configurable: true,
      get(this: MessagePayload) {
        return test(this.target);
      },
    });
  }
}
