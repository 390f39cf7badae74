/** The ids decisions' messages, modals and listeners share. */

export const LOG_DECISION_SHORTCUT = 'log_decision';

export const DECISION_ACTIONS = {
  agree: 'decision_agree',
  object: 'decision_object',
  comment: 'decision_comment',
  accept: 'decision_accept',
  edit: 'decision_edit',
  supersede: 'decision_supersede',
  reverse: 'decision_reverse',
  reject: 'decision_reject',
  deprecate: 'decision_deprecate',
  details: 'decision_details',
  /** "Post it now", once Mailroom can post in the decision's channel. */
  post: 'decision_post',
  followUpDone: 'decision_follow_up_done',
  /** A follow-up whose owner left: the person asked names its new owner. */
  followUpOwner: 'decision_follow_up_owner',
  /** An owner has looked at the input gathered for them. */
  inputSeen: 'decision_input_seen',
  /** At the revisit date: it still stands. */
  confirm: 'decision_confirm',
  /** "Log a decision titled …", offered where `/decision list …` or `search …` was not meant. */
  logTitled: 'decision_log_titled',
  addOption: 'decision_add_option',
  addFollowUp: 'decision_add_follow_up',
  /** The form shows its optional fields. */
  moreFields: 'decision_more_fields',
} as const;

export const DECISION_VIEWS = {
  form: 'decision_modal',
  object: 'decision_object_modal',
  comment: 'decision_comment_modal',
  reverse: 'decision_reverse_modal',
  reject: 'decision_reject_modal',
  deprecate: 'decision_deprecate_modal',
  details: 'decision_details_modal',
  logged: 'decision_logged_modal',
  followUpOwner: 'decision_follow_up_owner_modal',
} as const;

/** Blocks of the form that are not decision fields (those are named by DECISION_FIELDS). */
export const FORM_BLOCKS = {
  postIn: 'post_in',
  /** The "More fields" button. */
  more: 'decision_form_more',
  remark: 'remark',
  /** Reversing the decision that superseded another: is that one current again? */
  earlier: 'earlier_current',
} as const;

/** Every input of the forms has this action id; its block says which field it is. */
export const FIELD_ACTION = 'value';
