"""The REST API's router (``/api/v1/``). Each app's ``api.py`` has its viewsets; they are
registered here. The basename names the routes (``project-list``, ``project-detail``)."""

from rest_framework.routers import DefaultRouter

from core.api.views import PortalAPIRootView
from decisions.api import (
    AgendaItemViewSet,
    CommitteeViewSet,
    DecisionPointViewSet,
    DocumentViewSet,
    MeetingViewSet,
    ProposalPointViewSet,
)
from dialogues.api import DialogueViewSet, InsightViewSet
from directions.api import DirectionPointViewSet, DirectionVersionViewSet, DirectionViewSet
from organisations.api import OrganisationViewSet
from places.api import CountyViewSet, MunicipalityViewSet, PlanningAreaViewSet
from projects.api import FundingLineViewSet, MilestoneViewSet, ProjectViewSet

router = DefaultRouter()
router.APIRootView = PortalAPIRootView  # 405 with Allow for unsupported methods
router.register("projects", ProjectViewSet, basename="project")
router.register("funding-lines", FundingLineViewSet, basename="fundingline")
router.register("milestones", MilestoneViewSet, basename="milestone")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("counties", CountyViewSet, basename="county")
router.register("municipalities", MunicipalityViewSet, basename="municipality")
router.register("planning-areas", PlanningAreaViewSet, basename="planningarea")
router.register("dialogues", DialogueViewSet, basename="dialogue")
router.register("insights", InsightViewSet, basename="insight")
router.register("directions", DirectionViewSet, basename="direction")
router.register("direction-versions", DirectionVersionViewSet, basename="directionversion")
router.register("direction-points", DirectionPointViewSet, basename="directionpoint")
router.register("committees", CommitteeViewSet, basename="committee")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("agenda-items", AgendaItemViewSet, basename="agendaitem")
router.register("proposal-points", ProposalPointViewSet, basename="proposalpoint")
router.register("decision-points", DecisionPointViewSet, basename="decisionpoint")
router.register("documents", DocumentViewSet, basename="document")
