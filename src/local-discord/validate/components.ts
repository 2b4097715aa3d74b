import type { ErrorPath, FormErrors } from '../errors.js';
import {
  charLength,
  checkArray,
  checkBoolean,
  checkInteger,
  checkObject,
  checkString,
  checkUrl,
  isPresent,
  isRecord,
} from './fields.js';

/** Component type numbers (facts from the components reference). */
export const ComponentKind = {
  ActionRow: 1,
  Button: 2,
  StringSelect: 3,
  TextInput: 4,
  UserSelect: 5,
  RoleSelect: 6,
  MentionableSelect: 7,
  ChannelSelect: 8,
  Section: 9,
  TextDisplay: 10,
  Thumbnail: 11,
  MediaGallery: 12,
  File: 13,
  Separator: 14,
  Container: 17,
  Label: 18,
} as const;

const SELECT_KINDS: readonly number[] = [
  ComponentKind.StringSelect,
  ComponentKind.UserSelect,
  ComponentKind.RoleSelect,
  ComponentKind.MentionableSelect,
  ComponentKind.ChannelSelect,
];

export function isSelectKind(type: unknown): boolean {
  return typeof type === 'number' && SELECT_KINDS.includes(type);
}

/** Shared state while walking one message's or modal's component tree. */
interface Walk {
  readonly errors: FormErrors;
  readonly customIds: Map<string, ErrorPath>;
  readonly ids: Set<number>;
  total: number;
  textDisplayChars: number;
  /** Every `attachment://name` the tree points at, to be matched against the message's attachments. */
  readonly attachmentRefs: AttachmentReference[];
}

/** A component's `attachment://name` URL: the name must be one of the message's attachments once the write is applied. */
export interface AttachmentReference {
  path: ErrorPath;
  filename: string;
}

function newWalk(errors: FormErrors): Walk {
  return { errors, customIds: new Map(), ids: new Set(), total: 0, textDisplayChars: 0, attachmentRefs: [] };
}

const ATTACHMENT_SCHEME = /^attachment:\/\/(.+)$/i;

function noteAttachment(walk: Walk, path: ErrorPath, url: string | undefined): void {
  const match = url === undefined ? null : ATTACHMENT_SCHEME.exec(url);
  if (match?.[1]) walk.attachmentRefs.push({ path, filename: match[1] });
}

function checkCustomId(walk: Walk, path: ErrorPath, value: unknown): void {
  const customId = checkString(walk.errors, path, value, { min: 1, max: 100, required: true });
  if (customId === undefined) return;
  if (walk.customIds.has(customId)) {
    walk.errors.add(path, 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
  } else {
    walk.customIds.set(customId, path);
  }
}

/** The optional numeric `id` every component may carry must be a unique 32-bit positive integer. */
function checkComponentId(walk: Walk, path: ErrorPath, component: Record<string, unknown>): void {
  walk.total += 1;
  if (!isPresent(component.id)) return;
  const id = checkInteger(walk.errors, [...path, 'id'], component.id, { min: 1, max: 2_147_483_647 });
  if (id === undefined) return;
  if (walk.ids.has(id)) walk.errors.add([...path, 'id'], 'COMPONENT_ID_DUPLICATED', 'Component id cannot be duplicated');
  walk.ids.add(id);
}

function checkEmoji(walk: Walk, path: ErrorPath, value: unknown): void {
  const emoji = checkObject(walk.errors, path, value);
  if (!emoji) return;
  if (!isPresent(emoji.id) && !isPresent(emoji.name)) {
    walk.errors.add(path, 'BUTTON_COMPONENT_INVALID_EMOJI', 'Invalid emoji');
  }
}

function checkButton(walk: Walk, path: ErrorPath, button: Record<string, unknown>): void {
  const { errors } = walk;
  const style = checkInteger(errors, [...path, 'style'], button.style, { min: 1, max: 6, required: true });
  checkString(errors, [...path, 'label'], button.label, { max: 80 });
  checkBoolean(errors, [...path, 'disabled'], button.disabled);
  if (isPresent(button.emoji)) checkEmoji(walk, [...path, 'emoji'], button.emoji);
  if (style === undefined) return;
  if (style === 5) {
    checkUrl(errors, [...path, 'url'], button.url, ['http', 'https', 'discord'], true);
    if (isPresent(button.custom_id)) {
      errors.add([...path, 'custom_id'], 'BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED', 'A custom id cannot be set on a link button');
    }
  } else if (style === 6) {
    if (!isPresent(button.sku_id)) errors.add([...path, 'sku_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
    for (const field of ['custom_id', 'label', 'url', 'emoji'] as const) {
      if (isPresent(button[field])) {
        errors.add([...path, field], 'BUTTON_COMPONENT_PREMIUM_FIELD', 'Premium buttons cannot have this field');
      }
    }
  } else {
    checkCustomId(walk, [...path, 'custom_id'], button.custom_id);
    if (isPresent(button.url)) {
      errors.add([...path, 'url'], 'BUTTON_COMPONENT_URL_NOT_ALLOWED', 'A URL can only be set on link buttons');
    }
  }
  if (style !== 6 && !isPresent(button.label) && !isPresent(button.emoji)) {
    errors.add(path, 'BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED', 'A button must have a label or an emoji');
  }
}

function checkSelect(walk: Walk, path: ErrorPath, select: Record<string, unknown>, inModal: boolean): void {
  const { errors } = walk;
  checkCustomId(walk, [...path, 'custom_id'], select.custom_id);
  checkString(errors, [...path, 'placeholder'], select.placeholder, { max: 150 });
  const minValues = checkInteger(errors, [...path, 'min_values'], select.min_values, { min: 0, max: 25 });
  const maxValues = checkInteger(errors, [...path, 'max_values'], select.max_values, { min: 1, max: 25 });
  if (minValues !== undefined && maxValues !== undefined && minValues > maxValues) {
    errors.add([...path, 'min_values'], 'SELECT_COMPONENT_MIN_GREATER_THAN_MAX', 'min_values must be less than or equal to max_values');
  }
  checkBoolean(errors, [...path, 'disabled'], select.disabled);
  if (inModal && isPresent(select.disabled)) {
    errors.add([...path, 'disabled'], 'COMPONENT_FIELD_NOT_ALLOWED_IN_MODAL', 'disabled is not allowed in modals');
  }
  if (select.type !== ComponentKind.StringSelect) return;
  const options = checkArray(errors, [...path, 'options'], select.options, { min: 1, max: 25, required: true });
  if (!options) return;
  const values = new Set<string>();
  let defaults = 0;
  options.forEach((raw, index) => {
    const optionPath = [...path, 'options', index];
    const option = checkObject(errors, optionPath, raw, true);
    if (!option) return;
    checkString(errors, [...optionPath, 'label'], option.label, { min: 1, max: 100, required: true });
    const value = checkString(errors, [...optionPath, 'value'], option.value, { min: 1, max: 100, required: true });
    checkString(errors, [...optionPath, 'description'], option.description, { max: 100 });
    if (isPresent(option.emoji)) checkEmoji(walk, [...optionPath, 'emoji'], option.emoji);
    if (checkBoolean(errors, [...optionPath, 'default'], option.default)) defaults += 1;
    if (value !== undefined) {
      if (values.has(value)) {
        errors.add([...optionPath, 'value'], 'SELECT_COMPONENT_OPTION_VALUE_DUPLICATED', 'Select component option values must be unique');
      }
      values.add(value);
    }
  });
  const max = maxValues ?? 1;
  if (max > options.length) {
    errors.add([...path, 'max_values'], 'SELECT_COMPONENT_MAX_VALUES_TOO_HIGH', `max_values must be less than or equal to the number of options (${options.length})`);
  }
  if (defaults > max) {
    errors.add([...path, 'options'], 'SELECT_COMPONENT_TOO_MANY_DEFAULTS', 'More options are marked default than max_values allows');
  }
}

function checkActionRow(walk: Walk, path: ErrorPath, row: Record<string, unknown>): void {
  const { errors } = walk;
  const children = checkArray(errors, [...path, 'components'], row.components, { min: 1, max: 5, required: true });
  if (!children) return;
  const types = children.map((child) => (isRecord(child) ? child.type : undefined));
  const selects = types.filter(isSelectKind).length;
  if (selects > 0 && children.length > 1) {
    errors.add([...path, 'components'], 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'The specified component exceeds the maximum width');
  }
  children.forEach((raw, index) => {
    const childPath = [...path, 'components', index];
    const child = checkObject(errors, childPath, raw, true);
    if (!child) return;
    checkComponentId(walk, childPath, child);
    if (child.type === ComponentKind.Button) checkButton(walk, childPath, child);
    else if (isSelectKind(child.type)) checkSelect(walk, childPath, child, false);
    else {
      errors.add([...childPath, 'type'], 'UNION_TYPE_CHOICES', `Value of field "type" must be one of (${ComponentKind.Button}, ${SELECT_KINDS.join(', ')}).`);
    }
  });
}

function checkUnfurledMedia(walk: Walk, path: ErrorPath, value: unknown): void {
  const media = checkObject(walk.errors, path, value, true);
  if (media) noteAttachment(walk, [...path, 'url'], checkUrl(walk.errors, [...path, 'url'], media.url, ['http', 'https', 'attachment'], true));
}

/** Thumbnails, gallery items and files may carry alt text (≤ 1024) and a spoiler mark. */
function checkMediaExtras(walk: Walk, path: ErrorPath, component: Record<string, unknown>, withDescription: boolean): void {
  if (withDescription) checkString(walk.errors, [...path, 'description'], component.description, { max: 1024 });
  checkBoolean(walk.errors, [...path, 'spoiler'], component.spoiler);
}

function checkTextDisplay(walk: Walk, path: ErrorPath, component: Record<string, unknown>): void {
  const content = checkString(walk.errors, [...path, 'content'], component.content, { min: 1, max: 4000, required: true });
  if (content !== undefined) walk.textDisplayChars += charLength(content);
}

/** Components V2 layout: sections, text displays, galleries, files, separators and containers. */
function checkV2(walk: Walk, path: ErrorPath, component: Record<string, unknown>, allowed: readonly number[]): void {
  const { errors } = walk;
  checkComponentId(walk, path, component);
  const type = component.type;
  if (typeof type !== 'number' || !allowed.includes(type)) {
    errors.add([...path, 'type'], 'UNION_TYPE_CHOICES', `Value of field "type" must be one of (${allowed.join(', ')}).`);
    return;
  }
  switch (type) {
    case ComponentKind.ActionRow:
      checkActionRow(walk, path, component);
      return;
    case ComponentKind.TextDisplay:
      checkTextDisplay(walk, path, component);
      return;
    case ComponentKind.Section: {
      const texts = checkArray(errors, [...path, 'components'], component.components, { min: 1, max: 3, required: true });
      texts?.forEach((raw, index) => {
        const child = checkObject(errors, [...path, 'components', index], raw, true);
        if (child) checkV2(walk, [...path, 'components', index], child, [ComponentKind.TextDisplay]);
      });
      const accessory = checkObject(errors, [...path, 'accessory'], component.accessory, true);
      if (accessory) {
        checkComponentId(walk, [...path, 'accessory'], accessory);
        if (accessory.type === ComponentKind.Button) checkButton(walk, [...path, 'accessory'], accessory);
        else if (accessory.type === ComponentKind.Thumbnail) {
          checkUnfurledMedia(walk, [...path, 'accessory', 'media'], accessory.media);
          checkMediaExtras(walk, [...path, 'accessory'], accessory, true);
        }
        else errors.add([...path, 'accessory', 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (2, 11).');
      }
      return;
    }
    case ComponentKind.MediaGallery: {
      const items = checkArray(errors, [...path, 'items'], component.items, { min: 1, max: 10, required: true });
      items?.forEach((raw, index) => {
        const item = checkObject(errors, [...path, 'items', index], raw, true);
        if (!item) return;
        checkUnfurledMedia(walk, [...path, 'items', index, 'media'], item.media);
        checkMediaExtras(walk, [...path, 'items', index], item, true);
      });
      return;
    }
    case ComponentKind.File: {
      const file = checkObject(errors, [...path, 'file'], component.file, true);
      if (file) noteAttachment(walk, [...path, 'file', 'url'], checkUrl(errors, [...path, 'file', 'url'], file.url, ['attachment'], true));
      checkMediaExtras(walk, path, component, false);
      return;
    }
    case ComponentKind.Separator:
      checkInteger(errors, [...path, 'spacing'], component.spacing, { min: 1, max: 2 });
      checkBoolean(errors, [...path, 'divider'], component.divider);
      return;
    case ComponentKind.Container: {
      checkInteger(errors, [...path, 'accent_color'], component.accent_color, { min: 0, max: 0xffffff });
      checkBoolean(errors, [...path, 'spoiler'], component.spoiler);
      const children = checkArray(errors, [...path, 'components'], component.components, { min: 1, max: 40, required: true });
      children?.forEach((raw, index) => {
        const child = checkObject(errors, [...path, 'components', index], raw, true);
        if (child) {
          checkV2(walk, [...path, 'components', index], child, [
            ComponentKind.ActionRow,
            ComponentKind.TextDisplay,
            ComponentKind.Section,
            ComponentKind.MediaGallery,
            ComponentKind.Separator,
            ComponentKind.File,
          ]);
        }
      });
      return;
    }
    default:
      return;
  }
}

/**
 * Validates a message's `components`. Legacy messages hold up to 5 action rows; with the IS_COMPONENTS_V2 flag
 * the top level is a layout of up to 40 components in total.
 */
export function checkMessageComponents(errors: FormErrors, path: ErrorPath, value: unknown, v2: boolean): AttachmentReference[] {
  const walk = newWalk(errors);
  const components = checkArray(errors, path, value, { max: v2 ? 40 : 5 });
  if (!components) return [];
  components.forEach((raw, index) => {
    const componentPath = [...path, index];
    const component = checkObject(errors, componentPath, raw, true);
    if (!component) return;
    if (v2) {
      checkV2(walk, componentPath, component, [
        ComponentKind.ActionRow,
        ComponentKind.Section,
        ComponentKind.TextDisplay,
        ComponentKind.MediaGallery,
        ComponentKind.File,
        ComponentKind.Separator,
        ComponentKind.Container,
      ]);
    } else {
      checkComponentId(walk, componentPath, component);
      if (component.type !== ComponentKind.ActionRow) {
        errors.add([...componentPath, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1,).');
        return;
      }
      checkActionRow(walk, componentPath, component);
    }
  });
  if (v2 && walk.total > 40) {
    errors.add(path, 'COMPONENT_MAX_TOTAL_COMPONENTS_EXCEEDED', 'The total number of components exceeds the maximum of 40');
  }
  if (walk.textDisplayChars > 4000) {
    errors.add(path, 'MESSAGE_TEXT_DISPLAY_TOO_LONG', 'The total length of text displays exceeds 4000 characters');
  }
  return walk.attachmentRefs;
}

function checkTextInput(walk: Walk, path: ErrorPath, input: Record<string, unknown>, labelled: boolean): void {
  const { errors } = walk;
  checkCustomId(walk, [...path, 'custom_id'], input.custom_id);
  checkInteger(errors, [...path, 'style'], input.style, { min: 1, max: 2, required: true });
  if (labelled) {
    if (isPresent(input.label)) {
      errors.add([...path, 'label'], 'TEXT_INPUT_LABEL_NOT_ALLOWED', 'A text input inside a label cannot have its own label');
    }
  } else {
    checkString(errors, [...path, 'label'], input.label, { min: 1, max: 45, required: true });
  }
  const minLength = checkInteger(errors, [...path, 'min_length'], input.min_length, { min: 0, max: 4000 });
  const maxLength = checkInteger(errors, [...path, 'max_length'], input.max_length, { min: 1, max: 4000 });
  if (minLength !== undefined && maxLength !== undefined && minLength > maxLength) {
    errors.add([...path, 'min_length'], 'TEXT_INPUT_MIN_GREATER_THAN_MAX', 'min_length must be less than or equal to max_length');
  }
  checkBoolean(errors, [...path, 'required'], input.required);
  const prefill = checkString(errors, [...path, 'value'], input.value, { max: 4000 });
  if (prefill !== undefined && maxLength !== undefined && charLength(prefill) > maxLength) {
    errors.add([...path, 'value'], 'BASE_TYPE_MAX_LENGTH', `Must be ${maxLength} or fewer in length.`);
  }
  checkString(errors, [...path, 'placeholder'], input.placeholder, { max: 100 });
}

/** Validates a modal's components: 1–5 action rows with one text input each, labels, or text displays. */
export function checkModalComponents(errors: FormErrors, path: ErrorPath, value: unknown): void {
  const walk = newWalk(errors);
  const components = checkArray(errors, path, value, { min: 1, max: 5, required: true });
  if (!components) return;
  let inputs = 0;
  components.forEach((raw, index) => {
    const componentPath = [...path, index];
    const component = checkObject(errors, componentPath, raw, true);
    if (!component) return;
    checkComponentId(walk, componentPath, component);
    if (component.type === ComponentKind.ActionRow) {
      const children = checkArray(errors, [...componentPath, 'components'], component.components, { min: 1, max: 1, required: true });
      children?.forEach((rawChild, childIndex) => {
        const childPath = [...componentPath, 'components', childIndex];
        const child = checkObject(errors, childPath, rawChild, true);
        if (!child) return;
        checkComponentId(walk, childPath, child);
        if (child.type !== ComponentKind.TextInput) {
          errors.add([...childPath, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (4,).');
          return;
        }
        inputs += 1;
        checkTextInput(walk, childPath, child, false);
      });
    } else if (component.type === ComponentKind.Label) {
      checkString(errors, [...componentPath, 'label'], component.label, { min: 1, max: 45, required: true });
      checkString(errors, [...componentPath, 'description'], component.description, { max: 100 });
      const child = checkObject(errors, [...componentPath, 'component'], component.component, true);
      if (!child) return;
      const childPath = [...componentPath, 'component'];
      checkComponentId(walk, childPath, child);
      inputs += 1;
      if (child.type === ComponentKind.TextInput) checkTextInput(walk, childPath, child, true);
      else if (child.type === ComponentKind.StringSelect) checkSelect(walk, childPath, child, true);
      else {
        errors.add([...childPath, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (3, 4) in this emulator.');
      }
    } else if (component.type === ComponentKind.TextDisplay) {
      checkTextDisplay(walk, componentPath, component);
    } else {
      errors.add([...componentPath, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1, 10, 18).');
    }
  });
  if (inputs === 0) {
    errors.add(path, 'MODAL_REQUIRES_INPUT', 'A modal must contain at least one interactive component');
  }
}
