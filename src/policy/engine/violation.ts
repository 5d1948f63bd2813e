/**
 * What evaluation returns: one `PolicyViolation` per violated policy and entity, shaped after
 * StackRox's `storage.Alert` (violations with message, type and key/value attributes; the
 * process violation for process policies; the enforcement actions that apply to the stage).
 */
import type { ProcessIndicator } from '../../model/runtime-event.js';
import type { EnforcementAction, LifecycleStage, Policy } from '../model/policy.js';

export type AlertViolationType = 'GENERIC' | 'K8S_EVENT' | 'NETWORK_FLOW' | 'NETWORK_POLICY' | 'FILE_ACCESS';

/** `storage.Alert.Violation`. */
export interface AlertViolation {
  message: string;
  /** Absent means GENERIC. */
  type?: AlertViolationType;
  keyValueAttrs?: { attrs: { key: string; value: string }[] };
  time?: string;
}

/** `storage.Alert.ProcessViolation`. */
export interface ProcessViolation {
  message: string;
  processes: ProcessIndicator[];
}

export interface PolicyViolation {
  policy: Policy;
  stage: LifecycleStage;
  /** The alert's violation messages, de-duplicated, in section order. */
  messages: AlertViolation[];
  processViolation?: ProcessViolation;
  /** The policy's enforcement actions that belong to `stage` (may be empty). */
  enforcement: EnforcementAction[];
}
