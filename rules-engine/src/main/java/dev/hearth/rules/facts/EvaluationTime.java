package dev.hearth.rules.facts;

/** The instant an evaluation runs at, as a fact, so rules compare sample times with "now" explicitly. */
public record EvaluationTime(long epochMillis) {
}
