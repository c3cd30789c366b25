@area:flows
Feature: Flow runs in the activity log
  A flow that tracks activity, as new flows do, adds a row to the activity
  log each time it runs: action "run" on collection directus_flows, with
  the flow's id as the item.

  @check:FLOW-007 @doc:guides/flows
  Scenario: Each run of a flow is recorded in the activity log
    Given an active webhook flow "tracked" triggered by POST
    And flow "tracked" runs the script:
      """
      module.exports = async function () {
        return { ok: true };
      };
      """
    When the admin sends POST to the webhook of flow "tracked"
    Then the status is 200
    And within 5 seconds the activity log shows a run of flow "tracked" because tracked flows log every run
    And "data.0.action" is "run"
    And "data.0.collection" is "directus_flows"
