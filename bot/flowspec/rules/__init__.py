"""The validator's error rules: each function checks one thing and yields a Problem per finding."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from bot.flowspec.draft import Draft
from bot.flowspec.locate import Locator
from bot.flowspec.problems import Problem
from bot.flowspec.rules.answers import check_answers_exist, check_summary_items_are_answers
from bot.flowspec.rules.calls import check_blocks_do_not_recurse
from bot.flowspec.rules.card import check_card_names_answers
from bot.flowspec.rules.dataflow import check_answers_are_given_before_use
from bot.flowspec.rules.html import check_html
from bot.flowspec.rules.ids import check_step_ids_are_unique
from bot.flowspec.rules.kept import check_keep_steps_name_declared_lists, check_no_step_is_called_kept
from bot.flowspec.rules.lists import check_lists_are_append_answers
from bot.flowspec.rules.paths import (
    check_all_steps_can_be_reached,
    check_branches_have_else,
    check_every_step_can_finish,
    check_main_flow_does_not_fall_off,
)
from bot.flowspec.rules.questionnaire import check_answer_sets, check_items_name_answer_sets, check_scores
from bot.flowspec.rules.references import (
    check_called_blocks_exist,
    check_start_exists,
    check_step_references_resolve,
    check_timer_params_exist,
)
from bot.flowspec.rules.templates import check_templates_parse, check_variables_only_where_allowed
from bot.flowspec.rules.translations import check_texts_are_translated
from bot.flowspec.rules.values import (
    check_option_values_are_unique,
    check_scales_are_well_formed,
    check_selection_limits,
    check_skip_only_on_optional_steps,
    check_text_length_limits,
)

Rule = Callable[[Draft, Locator], Iterable[Problem]]

RULES: tuple[Rule, ...] = (
    check_step_ids_are_unique,
    check_step_references_resolve,
    check_start_exists,
    check_called_blocks_exist,
    check_timer_params_exist,
    check_all_steps_can_be_reached,
    check_main_flow_does_not_fall_off,
    check_every_step_can_finish,
    check_branches_have_else,
    check_blocks_do_not_recurse,
    check_scales_are_well_formed,
    check_text_length_limits,
    check_selection_limits,
    check_option_values_are_unique,
    check_skip_only_on_optional_steps,
    check_answers_exist,
    check_summary_items_are_answers,
    check_lists_are_append_answers,
    check_answers_are_given_before_use,
    check_templates_parse,
    check_variables_only_where_allowed,
    check_html,
    check_texts_are_translated,
    check_card_names_answers,
    check_answer_sets,
    check_items_name_answer_sets,
    check_scores,
    check_keep_steps_name_declared_lists,
    check_no_step_is_called_kept,
)


def run_rules(draft: Draft, locate: Locator, rules: Iterable[Rule] = RULES) -> list[Problem]:
    return [problem for rule in rules for problem in rule(draft, locate)]
