// Problems (问题诉求): their states, and which actions the caller may offer on one — by the
// caller's permissions and the problem's state (domain/problem.h); the server still decides, and
// says why it refuses (another unit's problem, not the raiser).
import { can } from './auth.js'

export const STATES = ['open', 'accepted', 'resolved', 'confirmed']
const pending = (p) => p.state === 'open' || p.state === 'accepted'

// In the order the drawer shows them. comment: 'required' | 'optional'.
export const ACTIONS = [
  { action: 'assign', comment: 'optional', allowed: (p) => can('problems.manage') && pending(p) },
  { action: 'accept', comment: 'optional', allowed: (p) => can('problems.handle') && p.state === 'open' && !!p.unit_id },
  { action: 'resolve', comment: 'optional', allowed: (p) => can('problems.handle') && p.state === 'accepted' },
  { action: 'confirm', comment: 'optional', allowed: (p) => can('problems.raise') && p.state === 'resolved' },
  { action: 'reopen', comment: 'required', allowed: (p) => can('problems.raise') && p.state === 'resolved' },
  { action: 'escalate', comment: 'required', allowed: (p) => can('problems.manage') && pending(p) && p.overdue_days > 0 },
]

export const allowedActions = (p) => ACTIONS.filter((a) => a.allowed(p))
