@area:flows
Feature: Webhook flows
  A flow with a webhook trigger runs when /flows/trigger/<flow id> is
  called with the method it was set up for. The request's body reaches
  the flow as $trigger.body, and unless the flow is asynchronous the
  answer is the value of its last operation, sent as it is rather than
  wrapped in "data". Webhooks need no credentials; a webhook that is
  inactive, or called with the other method, is forbidden.

  @check:FLOW-009 @doc:guides/flows/triggers
  Scenario: A webhook flow gets the request body and answers with its last value
    Given an active webhook flow "echo" triggered by POST
    And flow "echo" runs the script:
      """
      module.exports = async function (data) {
        return { received: data.$trigger.body };
      };
      """
    When the admin sends POST to the webhook of flow "echo" with:
      """
      {"greeting": "hello"}
      """
    Then the status is 200
    And "received.greeting" is "hello" because the request body is passed to the flow as $trigger.body
    And "data" is absent because the response body is the last operation's value itself

  @check:FLOW-010 @doc:guides/flows/triggers
  Scenario: A webhook answers anyone, but only with its own method
    Given an active webhook flow "echo" triggered by POST
    And flow "echo" runs the script:
      """
      module.exports = async function () {
        return { ok: true };
      };
      """
    When the public sends GET to the webhook of flow "echo"
    Then the status is 403 because a webhook flow is triggered by the one method it was set up for
    And the error code is "FORBIDDEN"
    When the public sends POST to the webhook of flow "echo"
    Then the status is 200 because an active webhook can be called without credentials
    And "ok" is "true"

  @check:FLOW-011 @doc:guides/flows
  Scenario: An inactive webhook flow is forbidden
    Given an inactive webhook flow "paused" triggered by POST
    And flow "paused" runs the script:
      """
      module.exports = async function () {
        return { ok: true };
      };
      """
    When the admin sends POST to the webhook of flow "paused"
    Then the status is 403 because only active flows run
    And the error code is "FORBIDDEN"
