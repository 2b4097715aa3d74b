import { ComponentKind } from '../validate/components.js';
import { charLength, isRecord } from '../validate/fields.js';
import type { ModalInput } from '../validate/modal.js';
import type { ModalValues } from './handles.js';
import { DriverError } from './options.js';
import { toSelect } from './views.js';

/** Builds the modal submit `components`, enforcing what the Discord client enforces before sending. */
export function modalSubmission(modal: ModalInput, values: ModalValues): unknown[] {
  const used = new Set<string>();
  const textValue = (input: Record<string, unknown>): Record<string, unknown> => {
    const customId = String(input.custom_id);
    const raw = values[customId];
    if (Array.isArray(raw)) throw new DriverError(`modal field "${customId}" is a text input; pass a string`);
    used.add(customId);
    const value = raw ?? (typeof input.value === 'string' ? input.value : '');
    const length = charLength(value);
    if (input.required !== false && length === 0) throw new DriverError(`modal field "${customId}" is required`);
    if (length > 0 && typeof input.min_length === 'number' && length < input.min_length) {
      throw new DriverError(`modal field "${customId}" needs at least ${input.min_length} characters`);
    }
    const max = typeof input.max_length === 'number' ? input.max_length : 4000;
    if (length > max) throw new DriverError(`modal field "${customId}" takes at most ${max} characters`);
    return { type: ComponentKind.TextInput, id: input.id, custom_id: customId, value };
  };
  const selectValue = (select: Record<string, unknown>): Record<string, unknown> => {
    const view = toSelect(select);
    const raw = values[view.customId];
    used.add(view.customId);
    const chosen = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    const required = select.required !== false;
    if (chosen.length === 0 && required) throw new DriverError(`modal select "${view.customId}" is required`);
    if (chosen.length > 0 && (chosen.length < view.minValues || chosen.length > view.maxValues)) {
      throw new DriverError(`modal select "${view.customId}" takes ${view.minValues}–${view.maxValues} values`);
    }
    for (const value of chosen) {
      if (!view.options.some((o) => o.value === value)) throw new DriverError(`modal select "${view.customId}" has no option ${JSON.stringify(value)}`);
    }
    return { type: ComponentKind.StringSelect, id: select.id, custom_id: view.customId, values: chosen };
  };
  const components = modal.components.map((component) => {
    if (component.type === ComponentKind.ActionRow && Array.isArray(component.components)) {
      return { type: ComponentKind.ActionRow, id: component.id, components: component.components.filter(isRecord).map(textValue) };
    }
    if (component.type === ComponentKind.Label && isRecord(component.component)) {
      const child = component.component;
      return {
        type: ComponentKind.Label,
        id: component.id,
        component: child.type === ComponentKind.StringSelect ? selectValue(child) : textValue(child),
      };
    }
    return { type: component.type, id: component.id };
  });
  for (const key of Object.keys(values)) {
    if (!used.has(key)) throw new DriverError(`modal "${modal.title}" has no field "${key}"`);
  }
  return components;
}
