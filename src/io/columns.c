/* The spreadsheet columns of each resource; see columns.h. */
#include "io/columns.h"

#include "base/banned.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const struct column_choice unit_kinds[] = {
    {"department", "部门"}, {"town", "镇"}, {"subdistrict", "街道"}, {"park", "园区"}, {"other", "其他"}, {NULL, NULL}};

static const struct column unit_columns[] = {
    {"code", "单位编码", "Code", "编码|单位代码|代码|单位编号", COL_TEXT, true, true, NULL, "TOWN-09", 16, false},
    {"name", "单位名称", "Name", "名称|单位|单位全称", COL_TEXT, true, true, NULL, "示例镇", 24, false},
    {"kind", "单位类型", "Kind", "类型|单位类别|类别", COL_CHOICE, true, true, unit_kinds, "镇", 10, false},
    {"parent_code", "上级单位编码", "Parent code", "上级编码|上级单位代码|上级单位", COL_TEXT, true, false, NULL, "",
     16, false},
    {"division_code", "行政区划代码", "Division code", "区划代码|行政区划编码|行政区划", COL_TEXT, true, false, NULL,
     "", 14, false},
    {"sort_order", "排序号", "Sort order", "排序|显示顺序|排列顺序", COL_INT, true, false, NULL, "90", 8, false},
    {"created_at", "创建时间", "Created", NULL, COL_DATETIME, false, false, NULL, NULL, 20, false},
    {"updated_at", "更新时间", "Updated", NULL, COL_DATETIME, false, false, NULL, NULL, 20, false},
};

const struct resource_columns columns_units = {"units", "单位", "code", unit_columns, COUNT(unit_columns)};

static const struct column_choice roles[] = {{"system_admin", "系统管理员"}, {"project_office", "项目办"},
                                             {"appraisal_office", "考核办"},  {"unit_reporter", "填报员"},
                                             {"leader", "领导"},              {"enterprise", "企业用户"},
                                             {NULL, NULL}};

static const struct column_choice yes_no[] = {{"true", "是"}, {"false", "否"}, {NULL, NULL}};

static const struct column user_columns[] = {
    {"username", "用户名", "Username", "账号|登录名|用户账号", COL_TEXT, true, true, NULL, "zhang.san", 16, false},
    {"display_name", "姓名", "Name", "用户姓名|显示名称|名字", COL_TEXT, true, true, NULL, "张三", 12, false},
    {"role", "角色", "Role", "用户角色", COL_CHOICE, true, true, roles, "填报员", 12, false},
    {"unit_code", "所属单位编码", "Unit code", "单位编码|所属单位", COL_TEXT, true, false, NULL, "TOWN-01", 16, false},
    {"disabled", "已停用", "Disabled", "停用|是否停用", COL_CHOICE, true, false, yes_no, "否", 8, false},
    {"last_login_at", "最近登录", "Last login", NULL, COL_DATETIME, false, false, NULL, NULL, 20, false},
    {"created_at", "创建时间", "Created", NULL, COL_DATETIME, false, false, NULL, NULL, 20, false},
    /* import only, and last, so that the export's table can leave it out: a new account's first
       password; never exported, never echoed, never changes an existing account's password */
    {"initial_password", "初始密码", "Initial password", "密码|登录密码", COL_TEXT, true, false, NULL,
     "至少12个字符的初始密码", 20, true},
};

const struct resource_columns columns_users = {"users", "用户", "username", user_columns, COUNT(user_columns)};
const struct resource_columns columns_users_export = {"users", "用户", "username", user_columns,
                                                      COUNT(user_columns) - 1};

static const struct column_choice ownerships[] = {
    {"domestic", "内资"}, {"foreign", "外资"}, {"hmt", "港澳台"}, {NULL, NULL}};

/* 所属行业 is a GB/T 4754 code, which may be followed by the industry's name ("3741 飞机制造"); 所在园区 a unit's code or name. */
static const struct column enterprise_columns[] = {
    {"credit_code", "统一社会信用代码", "Credit code", "信用代码|社会信用代码|统一信用代码|信用代码证号", COL_TEXT, true,
     true, NULL, "91320582MA1N2L3K4M", 22, false},
    {"name", "企业名称", "Name", "名称|企业|公司名称|企业全称", COL_TEXT, true, true, NULL, "示例精密机械有限公司", 30,
     false},
    {"industry_code", "所属行业", "Industry", "行业|行业代码|行业分类|国民经济行业分类", COL_TEXT, true, false, NULL,
     "3741 飞机制造", 24, false},
    {"ownership", "企业性质", "Ownership", "所有制|企业所有制|资本来源", COL_CHOICE, true, true, ownerships, "内资", 10,
     false},
    {"park", "所在园区", "Park", "园区|所属园区|所在园区编码", COL_TEXT, true, false, NULL, "", 16, false},
    {"above_size", "规上企业", "Above designated size", "是否规上企业|规模以上企业|规上", COL_CHOICE, true, false, yes_no,
     "否", 10, false},
    {"leading_talent", "领军人才企业", "Leading talent", "是否领军人才企业|领军人才", COL_CHOICE, true, false, yes_no,
     "否", 12, false},
    {"high_tech", "高新技术企业", "High tech", "是否高新技术企业|高新企业|高企", COL_CHOICE, true, false, yes_no, "否",
     12, false},
    {"project_count", "项目数", "Projects", NULL, COL_INT, false, false, NULL, NULL, 8, false},
    {"created_at", "创建时间", "Created", NULL, COL_DATETIME, false, false, NULL, NULL, 20, false},
    {"updated_at", "更新时间", "Updated", NULL, COL_DATETIME, false, false, NULL, NULL, 20, false},
};

const struct resource_columns columns_enterprises = {"enterprises", "企业", "credit_code", enterprise_columns,
                                                     COUNT(enterprise_columns)};

static const struct column audit_columns[] = {
    {"id", "序号", "Id", NULL, COL_INT, false, false, NULL, NULL, 8, false},
    {"at", "时间", "Time", NULL, COL_DATETIME, false, false, NULL, NULL, 20, false},
    {"username", "用户", "User", NULL, COL_TEXT, false, false, NULL, NULL, 14, false},
    {"address", "地址", "Address", NULL, COL_TEXT, false, false, NULL, NULL, 16, false},
    {"action", "操作", "Action", NULL, COL_TEXT, false, false, NULL, NULL, 8, false},
    {"resource", "对象", "Resource", NULL, COL_TEXT, false, false, NULL, NULL, 8, false},
    {"resource_id", "对象编号", "Resource id", NULL, COL_INT, false, false, NULL, NULL, 10, false},
    {"changes", "变更内容", "Changes", NULL, COL_TEXT, false, false, NULL, NULL, 60, false},
    {"hash", "校验值", "Hash", NULL, COL_TEXT, false, false, NULL, NULL, 20, false},
};

const struct resource_columns columns_audit = {"audit", "操作日志", NULL, audit_columns, COUNT(audit_columns)};

static const struct column_choice login_results[] = {{"true", "成功"}, {"false", "失败"}, {NULL, NULL}};

static const struct column login_log_columns[] = {
    {"at", "时间", "Time", NULL, COL_DATETIME, false, false, NULL, NULL, 20, false},
    {"username", "用户名", "Username", NULL, COL_TEXT, false, false, NULL, NULL, 16, false},
    {"address", "地址", "Address", NULL, COL_TEXT, false, false, NULL, NULL, 16, false},
    {"success", "结果", "Result", NULL, COL_CHOICE, false, false, login_results, NULL, 8, false},
    {"reason", "原因", "Reason", NULL, COL_TEXT, false, false, NULL, NULL, 16, false},
};

const struct resource_columns columns_login_log = {"login-log", "登录日志", NULL, login_log_columns,
                                                   COUNT(login_log_columns)};

static const struct column_choice categories[] = {{"industry", "产业"},   {"infrastructure", "基础设施"},
                                                  {"social", "社会民生"}, {"tech_talent", "科技人才"},
                                                  {"other", "其他"},      {NULL, NULL}};
static const struct column_choice talent_tiers[] = {
    {"none", "无"}, {"national", "国家级"}, {"provincial", "省级"}, {"municipal", "市级"}, {NULL, NULL}};
static const struct column_choice milestones[] = {
    {"negotiating", "在谈"}, {"signed", "签约"},     {"registered", "注册"},    {"started", "开工"},
    {"completed", "竣工"},   {"production", "投产"}, {"full_capacity", "达产"}, {NULL, NULL}};
static const struct column_choice pools[] = {{"reserve", "储备"},   {"preliminary", "前期"}, {"construction", "在建"},
                                             {"completed", "竣工"}, {"production", "投产"},  {NULL, NULL}};
static const struct column_choice warnings[] = {
    {"green", "绿灯"}, {"yellow", "黄灯"}, {"red", "红灯"}, {NULL, NULL}};

#define MILESTONE_COLUMNS(key, zh, en, planned_example, actual_example)                                         \
    {"planned_" key, "计划" zh "日期", "Planned " en, "计划" zh "时间|" zh "计划日期", COL_DATE, true, false, NULL,    \
     planned_example, 12, false},                                                                                \
    {"actual_" key, "实际" zh "日期", "Actual " en, "实际" zh "时间|" zh "实际日期", COL_DATE, true, false, NULL,      \
     actual_example, 12, false}

/*
 * 企业统一社会信用代码 names the owner (企业名称 beside it on export only); 责任单位 and 载体 a unit's
 * code or name (exported as the code); 行业代码 a GB/T 4754 code, optionally followed by its name;
 * 标签 '|'- or '、'-separated. 本年计划 is this year's plan, read on import when the sheet has it.
 */
static const struct column project_columns[] = {
    {"code", "项目编码", "Code", "编码|项目代码|项目编号", COL_TEXT, true, true, NULL, "XM-2025-001", 16, false},
    {"name", "项目名称", "Name", "名称|项目|项目全称", COL_TEXT, true, true, NULL, "年产10万吨新材料项目", 30, false},
    {"enterprise_credit_code", "企业统一社会信用代码", "Enterprise credit code",
     "统一社会信用代码|企业信用代码|信用代码|业主单位信用代码", COL_TEXT, true, false, NULL, "", 22, false},
    {"enterprise_name", "企业名称", "Enterprise", NULL, COL_TEXT, false, false, NULL, NULL, 24, false},
    {"unit", "责任单位", "Responsible unit", "责任单位编码|责任单位名称|属地单位", COL_TEXT, true, true, NULL, "TOWN-01",
     16, false},
    {"carrier", "载体", "Carrier", "载体编码|所在载体|载体单位|所在园区", COL_TEXT, true, false, NULL, "", 16, false},
    {"industry_code", "行业代码", "Industry", "所属行业|行业|行业分类|国民经济行业分类", COL_TEXT, true, false, NULL,
     "C", 14, false},
    {"category", "项目类别", "Category", "类别|项目类型", COL_CHOICE, true, true, categories, "产业", 10, false},
    {"source", "项目来源", "Source", "来源|资金来源|投资来源", COL_CHOICE, true, true, ownerships, "内资", 10, false},
    {"tags", "标签", "Tags", "项目标签", COL_TEXT, true, false, NULL, "沪苏对接、重点项目", 20, false},
    {"total_investment", "总投资", "Total investment", "计划总投资|项目总投资|总投资额", COL_MONEY, true, false, NULL,
     "60000", 14, false},
    {"foreign_investment", "外资", "Foreign investment", "利用外资|外资金额", COL_MONEY_USD, true, false, NULL, "", 14,
     false},
    {"talent_tier", "人才层次", "Talent tier", "人才等级|人才项目层次", COL_CHOICE, true, false, talent_tiers, "无", 10,
     false},
    {"major_technology", "重大核心技术", "Major technology", "是否重大核心技术", COL_CHOICE, true, false, yes_no, "否",
     12, false},
    {"major_industrialisation", "重大产业化", "Major industrialisation", "是否重大产业化", COL_CHOICE, true, false,
     yes_no, "否", 12, false},
    {"major_market", "重大市场前景", "Major market", "是否重大市场前景", COL_CHOICE, true, false, yes_no, "否", 12,
     false},
    {"energy_use", "能耗（吨标煤）", "Energy use (tce)", "综合能耗（吨标煤）|年综合能耗（吨标煤）", COL_INT, true, false,
     NULL, "", 12, false},
    {"land_area", "用地（平方米）", "Land area (m²)", "用地面积（平方米）|占地面积（平方米）", COL_INT, true, false, NULL,
     "", 12, false},
    {"annual_output", "达产产值", "Output at full capacity", "达产后产值|预计达产产值", COL_MONEY, true, false, NULL,
     "", 14, false},
    {"description", "项目简介", "Description", "简介|项目内容|建设内容|项目概况", COL_TEXT, true, false, NULL,
     "新建厂房及生产线", 40, false},
    MILESTONE_COLUMNS("negotiating", "在谈", "negotiating", "", ""),
    MILESTONE_COLUMNS("signed", "签约", "signing", "2025-03-01", "2025-03-18"),
    MILESTONE_COLUMNS("registered", "注册", "registration", "", ""),
    MILESTONE_COLUMNS("started", "开工", "start", "2025-06-30", ""),
    MILESTONE_COLUMNS("completed", "竣工", "completion", "", ""),
    MILESTONE_COLUMNS("production", "投产", "production", "", ""),
    MILESTONE_COLUMNS("full_capacity", "达产", "full capacity", "", ""),
    {"stage", "阶段", "Stage", NULL, COL_CHOICE, false, false, milestones, NULL, 8, false},
    {"pool", "梯队", "Pool", NULL, COL_CHOICE, false, false, pools, NULL, 8, false},
    {"size_class", "规模档次", "Size class", NULL, COL_TEXT, false, false, NULL, NULL, 14, false},
    {"year_plan", "本年计划", "This year's plan", "本年计划投资|年度计划投资|本年度计划投资", COL_MONEY, true, false, NULL,
     "", 14, false},
    {"year_to_date", "本年完成", "Done this year", NULL, COL_MONEY, false, false, NULL, NULL, 14, false},
    {"invested_total", "累计完成", "Done in all", NULL, COL_MONEY, false, false, NULL, NULL, 14, false},
    {"warning", "预警", "Warning", NULL, COL_CHOICE, false, false, warnings, NULL, 8, false},
    {"warning_reasons", "预警原因", "Warning reasons", NULL, COL_TEXT, false, false, NULL, NULL, 40, false},
    {"updated_at", "更新时间", "Updated", NULL, COL_DATETIME, false, false, NULL, NULL, 20, false},
};

const struct resource_columns columns_projects = {"projects", "项目", "code", project_columns,
                                                  COUNT(project_columns)};

/* 项目名称 is written in the month's template beside each code for the clerk, and not read back. */
static const struct column progress_columns[] = {
    {"code", "项目编码", "Project code", "编码|项目代码|项目编号", COL_TEXT, true, true, NULL, "XM-2025-001", 16, false},
    {"name", "项目名称", "Project", "名称|项目", COL_TEXT, true, false, NULL, "年产10万吨新材料项目", 30, false},
    {"amount", "本月完成投资", "Invested this month", "本月完成|本月投资|当月完成投资|本月完成额", COL_MONEY, true, true,
     NULL, "1200", 16, false},
    {"progress", "形象进度", "Progress", "工程形象进度|进度|形象进度描述", COL_TEXT, true, false, NULL,
     "主体结构施工中", 40, false},
};

const struct resource_columns columns_progress = {"progress", "月度进度", "code", progress_columns,
                                                  COUNT(progress_columns)};
