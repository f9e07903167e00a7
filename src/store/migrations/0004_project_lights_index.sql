-- 0004: one narrow index over what the cockpit and the project list filter, group and sort by, so
-- that they read it instead of the projects' wide rows (about 600 bytes each, with the warning
-- reasons): 50,000 projects are 30 MB of rows but a 4 MB index. It begins with the responsible unit
-- (a subtree's projects are found by unit), then the light (checked before a row is read), and
-- holds the carrier, pool, investment, the dates the speed report needs, and the id (so that a
-- page or the laggards are chosen from the index alone, their rows read afterwards). It replaces
-- projects_by_unit, its first two columns.
--- both
CREATE INDEX projects_by_unit_light ON projects (tenant_id, unit_id, warning, carrier_id, pool,
    total_investment, actual_started, actual_signed, actual_completed, actual_production, id);
DROP INDEX projects_by_unit;
