@area:flows
Feature: Event hook flows
  A flow with an event hook trigger runs when something happens to the
  items of the collections it lists. In action mode it runs after the
  change is saved, without holding up the request; in filter mode it runs
  first and can refuse the change. Only active flows run, and a flow
  listens to the collections whose names it lists exactly.

  Each check watches a flow through its effect: a Create Data operation,
  with full permissions, writes an item into a log collection, and the
  check reads that collection for a few seconds.

  Background:
    Given a collection "articles" with fields "title, source"
    And a collection "log" with fields "source"

  @check:FLOW-001 @doc:guides/flows/triggers
  Scenario: An action flow runs after an item is created
    Given an active action flow "announce" on items.create in "articles"
    And flow "announce" creates an item in "log" with:
      """
      {"source": "event"}
      """
    When the admin sends POST "/items/{articles}" with:
      """
      {"title": "Hello"}
      """
    Then the status is 200
    And within 5 seconds "log" has an item where "source" is "event" because action flows run after the event

  @check:FLOW-002 @doc:guides/flows/operations @since:11.5
  Scenario: A filter flow whose condition fails refuses the item with 400
    Given an active filter flow "gate" on items.create in "articles"
    And flow "gate" rejects payloads whose "source" is "blocked"
    When the admin sends POST "/items/{articles}" with:
      """
      {"title": "Refused", "source": "blocked"}
      """
    Then the status is 400 because a blocking flow ending on a reject path cancels the transaction
    And the error code is "FAILED_VALIDATION" because from 11.5 on a failed condition is a validation error
    When the admin sends GET "/items/{articles}?filter[title][_eq]=Refused"
    Then "data" has 0 items because a cancelled transaction stores nothing
    When the admin sends POST "/items/{articles}" with:
      """
      {"title": "Accepted", "source": "form"}
      """
    Then the status is 200 because a payload that meets the condition passes the filter
    When the admin sends GET "/items/{articles}?filter[title][_eq]=Accepted"
    Then "data" has 1 item because the filter lets the transaction go on

  @check:FLOW-003 @doc:guides/flows/operations @until:11.5
  Scenario: A filter flow whose condition fails refuses the item with 500
    Given an active filter flow "gate" on items.create in "articles"
    And flow "gate" rejects payloads whose "source" is "blocked"
    When the admin sends POST "/items/{articles}" with:
      """
      {"title": "Refused", "source": "blocked"}
      """
    Then the status is 500 because before 11.5 a failed condition surfaced as an unexpected error
    And the error code is "INTERNAL_SERVER_ERROR"
    When the admin sends GET "/items/{articles}?filter[title][_eq]=Refused"
    Then "data" has 0 items because a cancelled transaction stores nothing
    When the admin sends POST "/items/{articles}" with:
      """
      {"title": "Accepted", "source": "form"}
      """
    Then the status is 200 because a payload that meets the condition passes the filter
    When the admin sends GET "/items/{articles}?filter[title][_eq]=Accepted"
    Then "data" has 1 item because the filter lets the transaction go on

  @check:FLOW-004 @doc:guides/flows
  Scenario: An inactive flow does not run
    Given an inactive action flow "dormant" on items.create in "articles"
    And flow "dormant" creates an item in "log" with:
      """
      {"source": "inactive"}
      """
    And an active action flow "control" on items.create in "articles"
    And flow "control" creates an item in "log" with:
      """
      {"source": "active"}
      """
    When the admin sends POST "/items/{articles}" with:
      """
      {"title": "Hello"}
      """
    Then the status is 200
    And within 2 seconds "log" gets an item where "source" is "active" and none where it is "inactive" because only active flows run

  @check:FLOW-005 @doc:guides/flows/triggers
  Scenario: A flow runs only for the collection whose name it lists exactly
    Given a collection "ARTICLES" with fields "title" and an upper-case name
    And an active action flow "shouting" on items.create in "ARTICLES"
    And flow "shouting" creates an item in "log" with:
      """
      {"source": "{{ $trigger.collection }}"}
      """
    When the admin sends POST "/items/{articles}" with:
      """
      {"title": "quiet"}
      """
    Then the status is 200
    When the admin sends POST "/items/{ARTICLES}" with:
      """
      {"title": "LOUD"}
      """
    Then the status is 200
    And within 2 seconds "log" gets an item where "source" is "{ARTICLES}" and none where it is "{articles}" because names are case-sensitive
