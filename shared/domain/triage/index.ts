/** Triage of enquiries: topic, priority, role, district and the reasons for each. */
export { defaultTriageRules } from './default-rules';
export {
  type Gazetteer,
  parseGazetteer,
  parseTriageRules,
  parseTriageRulesFile,
  type TriageRules,
  TriageRulesError,
  type TriageRulesFile,
} from './rules-schema';
export { type TriageContext, triage } from './triage';
