export { LocalDiscord, type Acknowledgement, type GuildInput, type StartOptions } from './LocalDiscord.js';
export { MemberHandle } from './driver/member.js';
export type { ForgedInteraction } from './driver/forge.js';
export type { Outcome } from './driver/outcome.js';
export {
  ChannelHandle,
  GuildHandle,
  RoleHandle,
  type AutocompleteCall,
  type ChannelInput,
  type Choice,
  type MemberInput,
  type ModalValues,
  type RoleInput,
  type SlashCall,
  type UserRef,
} from './driver/handles.js';
export { DriverError, type AttachmentInput, type OptionValue, type SlashOptions } from './driver/options.js';
export { Attachment, Embed, Message, Modal, type ButtonView, type ModalFieldView, type SelectView, type TextInputView } from './driver/views.js';
export { V2View, type MediaView } from './driver/v2view.js';
export { ViolationError, type RequestLogEntry, type Violation } from './violations.js';
export { INTENTS, type IntentName } from './intents.js';
export { PERMISSION_BITS, type PermissionName } from './permissions.js';
export { Faults, MISSING_PERMISSIONS, type FaultResponse, type InjectedFault, type Refusal, type RequestSelector } from './faults.js';
