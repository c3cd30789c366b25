@area:flows
Feature: Schedule flows
  A flow with a schedule trigger runs on a six-field cron expression whose
  first field is the second, so "*/1 * * * * *" runs it every second.

  @check:FLOW-008 @doc:guides/flows/triggers
  Scenario: A schedule flow runs on its cron expression
    Given a collection "log" with fields "source"
    And an active schedule flow "ticker" on cron "*/1 * * * * *"
    And flow "ticker" creates an item in "log" with:
      """
      {"source": "schedule"}
      """
    Then within 5 seconds "log" has an item where "source" is "schedule" because its cron runs it every second
