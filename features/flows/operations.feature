@area:flows
Feature: Operation chains
  A flow's operations run one after another: each one that succeeds hands
  over to the operation on its success path. An operation that throws
  breaks the chain, so the operations after it never run.

  Background:
    Given a collection "log" with fields "source"

  @check:FLOW-006 @doc:guides/flows/operations
  Scenario: An operation that throws stops the chain
    Given an active webhook flow "fragile" triggered by POST
    And flow "fragile" creates an item in "log" with:
      """
      {"source": "before the error"}
      """
    And flow "fragile" runs the script:
      """
      module.exports = async function () {
        throw new Error("stop here");
      };
      """
    And flow "fragile" creates an item in "log" with:
      """
      {"source": "after the error"}
      """
    When the admin sends POST to the webhook of flow "fragile"
    Then the status is 200 because without Error on Reject a broken chain does not fail the call
    And within 2 seconds "log" gets an item where "source" is "before the error" and none where it is "after the error" because errors break chains
