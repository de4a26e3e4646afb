"""The text of the instructions sheet (说明), in Chinese and in English.

The sheet carries both languages, the workbook's own first, so a Chinese office and an
English-speaking helper read the same page.
"""

from __future__ import annotations

ZH = """\
orgsim 办公室工作簿 —— 填写说明
用途: 用表格描述办公室现状(科室、人员、事项、流程、工作日历)和拟比较的改革方案,再转换为 \
orgsim 的 org 文件进行仿真比较。
命令: orgsim-office import 本工作簿.xlsx -o office.yaml    然后    orgsim org=office.yaml
示例行: 每张表中已填好一个小办公室作为示例,请直接改写或删除,换成本单位的数据。空行会被跳过。
列表单元格(如职责、合并的科室): 多个名称用逗号、顿号或分号分隔。名称中不要含这些符号。

各表内容:
办公室: 名称、简介、资料来源;边界政策(按科室 / AB岗 / 统筹)、B岗规则;\
科室间移交和单位间征询所需时间;请假次数与时长;推诿扯皮(退回率:移交到另一科室的事项被退回重做的\
比例)、返工工作量、签批环节是否也退回;显示单位(结果中的时间用分钟 / 小时 / 工作日显示,\
不换算 = 按工作小时原样;空白 = 办理时长最常用的单位)和办件量显示周期(日 / 周 / 月 / 年)。
工作日历: 每天工作小时、每周工作日、每年工作日。所有换算(填入的办件量和时长,以及结果的显示)\
都以此为准。
科室: 科室名称、所属单位(部门或局)、职责(本科室负责的事项或流程环节);每项职责只能属于一个科室。
人员: 姓名、所在科室(下拉选择)、A岗(空白 = 所在科室)、B岗(后备科室)、每年请假次数、\
人数(相同岗位的多人)。
人员技能: 每行一人一项技能及熟练度(1 = 标准速度,0.8 = 八成);未列出的事项此人不能办理。
事项: 事项名称、办件量及统计周期(年/月/周/日)、平均办理时长及单位(分钟/小时/工作日)、\
时长分布与离散系数、时限(工作日)、优先级、督办等级、承办方式。
流程: 需要多个环节(受理、审核、签批……)的事项,每个环节一行,按顺序填写;技能决定由哪个科室、\
哪些人办理;签批环节在“审批”填“是”。
需求波动: 办件量按一天的时段或一周的日子变化时,填每段的倍数。
突击任务: 上级交办的批量任务:每隔多久来一批、每批几件。
督办升级: 事项受理后超过多久仍未办结,升级为哪个督办等级、优先级升到多少;每个等级一行,\
按时间先后,优先级逐级升高。
方案: 要比较的改革方案,每个方案可占多行,每行一项措施(见下)。现状自动作为“current”参加比较。

换算(写入 org 文件的注释中):
办件量 → 每工作小时到达率: 每年 1,200 件 ÷ (250 个工作日 × 8 小时) = 每工作小时 0.6 件;\
每月按全年工作日的 1/12,每周按每周工作日,每日按每天工作小时计。
办理时长 → 工作小时: 30 分钟 = 0.5 小时;2 个工作日 = 2 × 8 = 16 小时。时限(工作日)同样换算。
离散系数 = 标准差 ÷ 均值:0.5 表示多数办件在均值上下一半之内;对数正态和伽马分布必须填写,\
指数分布的离散系数为 1,固定为 0。

方案表的措施(对象 / 内容 / 数值 各列填什么):
说明: 内容 = 方案的一句话描述。
合并科室(大科室): 对象 = 新科室名称;内容 = 被合并的科室列表。通常配合“边界政策 = 统筹”。
合署办公: 对象 = 合署名称;内容 = 各科室(保留名称和A岗,共享工作)。配合“统筹”。
划转单位: 对象 = 科室;内容 = 划入的单位(两个部门变一个:征询变移交)。
大部制(撤销科室界限): 内容 = 是。每个单位成为一个科室。
拆分科室: 对象 = 被拆分的科室;内容 = 一个新科室名称;人员(拆分)、职责(拆分)\
列出新科室的人和职责;每个新科室一行。
调整职责: 对象 = 事项或环节技能;内容 = 改由哪个科室负责。
B岗安排: 内容 = 无 / 两两互为B岗 / 链式 / 全员互通。B岗熟练度: 数值(默认 0.8)。
设B岗: 对象 = 人员;内容 = 其B岗科室。B岗规则: 内容。B岗阈值: 数值。
增加技能: 对象 = 人员;内容 = 技能;数值 = 熟练度。取消技能: 对象 = 人员;内容 = 技能列表。
减员: 内容 = 离开的人员列表。精简比例: 数值(如 0.1)。双向选择: 内容 = 是。
取消事项: 内容 = 不再发生的事项列表(1+N 中由牵头单位统一办理)。取消环节: 内容 = \
不再执行的环节技能列表。
边界政策: 内容 = 按科室 / AB岗 / 统筹。承办方式: 对象 = 事项(空白 = 全部);内容 = 流水线 / \
一人通办。
磨合起点、磨合件数: 数值(新技能从几成速度起步,每办多少件差距减半)。协调成本: 数值。
借调手续、科室间移交、单位间征询: 数值 = 平均时间;单位;分布;离散系数。
推诿扯皮(退回率)、返工工作量: 数值(本方案下的退回率,如 0.05;返工占原工作量的比例)。\
签批环节退回: 内容 = 是 / 否。
共性事务合并(1+N 中由牵头单位统一办理共性事务): 对象 = 牵头单位的事项;内容 = 被合并的成员单位\
事项;每个牵头事项一行。共性事务合并系数: 数值(牵头单位仍需做的比例,0.5 = 一半,1 = 不节省)。
借调规则: 内容 = 逐件借用 / 定期借调。借调阈值: 数值(积压几件时借人)。借调期限: 数值;单位。
详细含义见 docs/org-file.md 和 docs/office-workbook.md。
"""

EN = """\
orgsim office workbook — how to fill it in
Purpose: describe your office as it is (sections, staff, matters, workflows, working \
calendar) and the reforms to compare, then turn it into an orgsim org file.
Commands: orgsim-office import this-workbook.xlsx -o office.yaml    then    orgsim \
org=office.yaml
Example rows: every sheet holds a small example office; overwrite or delete its rows with \
your own. Blank rows are skipped.
List cells (handles, merged sections, ...):\
 separate names with commas, 、 or semicolons; names may not contain them.

The sheets:
office: name, description, source; the boundary policy (strict / ab / pooled) and B-post \
rule; transfer times between sections and between units; absences; rework (the share of \
matters passed to another section that are sent back and done again), the rework share of \
the work, whether sign-offs send back too; the display unit (times in results in minutes / \
hours / working days, as simulated = working hours; blank = the unit most handling times are \
written in) and the period throughput is shown per (working day / week / month / year).
calendar: working hours a day, working days a week and a year; every conversion uses them \
(the counts and times filled in, and the results shown).
sections: name, unit (department or bureau), handles (the matter types or workflow steps \
whose queue it owns; each belongs to one section).
staff: name, section (drop-down), A post (blank = own section), B post (a backup section), \
absences a year, count (identical people).
skills: one row per person and skill, with the speed (1 = nominal, 0.8 = 80%); a matter not \
listed cannot be served by that person.
matter types: name, count and the period it is per (year/month/week/day), mean handling time \
and its unit (minutes/hours/working days), distribution and spread, deadline in working days, \
priority, priority class, ownership.
steps: for matters with several steps (accept, review, sign-off, ...), one row per step, in \
order; the skill says which section and people handle it; mark sign-offs with approval = yes.
profiles: rate multipliers over the hours of a day or the days of a week.
batches: tasks assigned from above: a batch of `size` matters every so often.
escalation: how long after arrival a matter still open rises to a supervision level, and the \
priority it rises to; one row per level, in order of time, each ranking above the one before.
plan: the alternatives to compare, one or more rows each, one change a row (below). The \
current office is always compared as "current".

Conversions (shown in the org file's comments):
count -> rate per working hour: 1,\
200 a year / (250 working days × 8 h)\
 = 0.6 per working hour;\
 a month is a twelfth of the working year, a week its working days, a day its working hours.
handling time -> working hours: 30 minutes = 0.5 h;\
 2 working days = 2 × 8 = 16 h. Deadlines in working days likewise.
spread = standard deviation / mean: needed for lognormal and gamma; exponential has spread 1, \
fixed 0.

Plan changes (what goes in target / content / number):
description: content = one line about the alternative.
merge (big section): target = the new section; content = the sections merged. Usually with \
policy = pooled.
co_locate (joint office): target = the pool's name; content = its sections (they keep names \
and A posts, and share work under pooled).
units: target = a section; content = the unit it moves to (two departments become one: \
consultations become handoffs).
merge_units: content = yes; every unit becomes one section.
split: target = the section split; content = one new section; staff (split) and handles \
(split) list its people and work; one row per new section.
move_handles: target = a matter type or step skill; content = the section that owns it \
afterwards.
b_post_arrangement: content = none / pairs / chain / full. b_post_speed: number (default 0.8).
b_posts: target = a person; content = their B-post section. b_rule: content. b_threshold: \
number.
add_skills: target = a person; content = a skill; number = speed. remove_skills: target = a \
person; content = skills.
remove_staff: content = the people who leave. cut_share: number (e.g. 0.1). \
two_way_selection: content = yes.
drop_matter_types: content = matter types that no longer arise. skip_steps: content = step \
skills no longer performed.
policy: content = strict / ab / pooled. ownership: target = a matter type (blank = all); \
content = pass / keep.
learning_start, learning_matters, coordination_cost: number.
borrow_delay, handoff_delay, consultation_delay: number = mean time; unit; distribution; spread.
rework_probability, rework_share: number (this alternative's send-back share, e.g. 0.05; the \
share of the work done again). rework_sign_offs: content = yes / no.
consolidate (common work done once by the lead unit of a 1+N): target = the lead's matter \
type; content = the members' matter types; one row per lead. consolidate_factor: number (the \
share the lead still does: 0.5 half, 1 nothing saved).
borrow_rule: content = per_matter / period. borrow_threshold: number (matters waiting before a \
unit borrows). borrow_period: number; unit.
See docs/org-file.md and docs/office-workbook.md.
"""


def lines(lang: str) -> list[str]:
    """The sheet's lines: the workbook's language first, then the other."""
    first, second = (ZH, EN) if lang == "zh" else (EN, ZH)
    return [*first.splitlines(), "", *second.splitlines()]
