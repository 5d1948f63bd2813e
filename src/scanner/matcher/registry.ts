import type { MatchRule } from './contracts.js';
import { alpineRule } from './rules/alpine.js';
import { debianRule } from './rules/debian.js';
import { languageRule } from './rules/language.js';
import { rhelRule } from './rules/rhel.js';
import { ubuntuRule } from './rules/ubuntu.js';

/** THE list of match rules, one line each, alphabetical; the first that claims a package wins. */
export const matchRules: readonly MatchRule[] = [alpineRule, debianRule, languageRule, rhelRule, ubuntuRule];
