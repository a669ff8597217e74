// The dispatcher's keyboard path through a real Dear ImGui context (no window, no GL): N selects the next
// case in the queue, a digit picks a candidate, Enter dispatches it (a reported case is registered first),
// V summons the volunteers within the radius, Delete recalls; every event goes through the feed's rules.
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>
#include <imgui.h>

#include "test_support.h"
#include "ui/dispatch_panel.h"
#include "ui/workstation.h"

namespace gridlink {
namespace {

class DispatchKeys : public ::testing::Test {
  protected:
    void SetUp() override {
        context_ = ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = ImVec2(1600, 1000);
        io.DeltaTime = 1.0f / 60;
        unsigned char* pixels;
        int w, h;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);  // builds the atlas; no GL needed
        ledger_ = CaseLedger::FromWorld(app_.world);
        // As the feed does: check against the log's rules, then (durable) apply to the World.
        app_.submit = [this](Event e) -> Status {
            if (Status s = CheckEvent(ledger_, e); !s) return s;
            RecordEvent(ledger_, e);
            e.seq = app_.world.incidents.last_seq + 1;
            sent_.push_back(e);
            return ApplyEvent(app_.world, e);
        };
        app_.incidents.cache.rows =
            QueueRows(app_.world, IncidentFilter{}, IncidentSort::kOldest, test::kIncidentClock);
        app_.view.camera.width = 1600;
        app_.view.camera.height = 1000;
        Frame(-1);  // a first frame with no key down
    }
    void TearDown() override { ImGui::DestroyContext(context_); }

    // One frame with `key` held (-1: none), then released on the next, as GLFW reports them.
    void Frame(int key) {
        ImGuiIO& io = ImGui::GetIO();
        for (bool& down : io.KeysDown) down = false;
        if (key >= 0) io.KeysDown[key] = true;
        ImGui::NewFrame();
        HandleDispatchKeys(app_);
        ImGui::EndFrame();
        for (bool& down : io.KeysDown) down = false;
        ImGui::NewFrame();
        ImGui::EndFrame();
    }
    void Press(int key) { Frame(key); }

    ImGuiContext* context_ = nullptr;
    std::unique_ptr<LiveSession> session_ = LiveSession::ReadOnly(test::SmallDemoWithIncidents(), "test");
    App app_{*session_};
    CaseLedger ledger_;
    std::vector<Event> sent_;
};

TEST_F(DispatchKeys, NextPickDispatchSummonRecall) {
    const std::vector<std::size_t>& rows = app_.incidents.cache.rows;
    ASSERT_GE(rows.size(), 3u);
    // N: the first case of the queue; N again: the next; P: back.
    Press(GLFW_KEY_N);
    EXPECT_EQ(app_.incidents.selected, static_cast<std::int64_t>(rows[0]));
    Press(GLFW_KEY_N);
    EXPECT_EQ(app_.incidents.selected, static_cast<std::int64_t>(rows[1]));
    Press(GLFW_KEY_P);
    EXPECT_EQ(app_.incidents.selected, static_cast<std::int64_t>(rows[0]));
    EXPECT_TRUE(app_.view.camera.flying()) << "the map flies to the case";

    // Walk to the first case that is just reported: Enter registers and dispatches it.
    std::size_t guard = 0;
    while (app_.world.incidents.cases[static_cast<std::size_t>(app_.incidents.selected)].state !=
               CaseState::kReported &&
           guard++ < rows.size()) {
        Press(GLFW_KEY_N);
    }
    const std::size_t index = static_cast<std::size_t>(app_.incidents.selected);
    const std::string id = app_.world.incidents.cases[index].id;
    ASSERT_EQ(app_.world.incidents.cases[index].state, CaseState::kReported);
    const std::vector<DispatchCandidate> ranked = RankCandidates(app_.world, app_.world.incidents.cases[index]);
    // The second free candidate, by its row number.
    int row = -1, free_seen = 0;
    for (std::size_t k = 0; k < ranked.size() && k < 9; ++k) {
        if (ranked[k].free && ++free_seen == 2) row = static_cast<int>(k);
    }
    ASSERT_GE(row, 0);
    Press(GLFW_KEY_1 + row);
    EXPECT_EQ(app_.incidents.dispatch.picked, row);
    Press(GLFW_KEY_ENTER);
    ASSERT_EQ(sent_.size(), 2u) << app_.incidents.dispatch.message;
    EXPECT_EQ(sent_[0].type, EventType::kIncidentRegistered);
    EXPECT_EQ(sent_[1].type, EventType::kIncidentDispatched);
    const std::string responder = app_.world.resources[ranked[static_cast<std::size_t>(row)].resource].id;
    EXPECT_EQ(sent_[1].resource, responder);
    const Incident* c = app_.world.incidents.find(id);
    EXPECT_EQ(c->state, CaseState::kDispatched);
    EXPECT_EQ(app_.world.find_resource(responder)->task, id);

    // V: every free volunteer within the radius is called (the radius widened so that some are).
    app_.incidents.dispatch.summon_radius_m = 3000;
    const std::vector<std::size_t> volunteers = SummonCandidates(app_.world, *c, 3000);
    ASSERT_FALSE(volunteers.empty());
    Press(GLFW_KEY_V);
    ASSERT_EQ(sent_.size(), 3u) << app_.incidents.dispatch.message;
    EXPECT_EQ(sent_[2].type, EventType::kIncidentSummoned);
    EXPECT_EQ(sent_[2].resources.size(), volunteers.size());
    EXPECT_EQ(app_.world.incidents.find(id)->summoned.size(), volunteers.size());
    const std::size_t before = sent_.size();

    // Delete: the dispatch is recalled; the responder is free again.
    Press(GLFW_KEY_DELETE);
    ASSERT_EQ(sent_.size(), before + 1);
    EXPECT_EQ(sent_.back().type, EventType::kIncidentRecalled);
    EXPECT_EQ(app_.world.incidents.find(id)->state, CaseState::kRegistered);
    EXPECT_TRUE(app_.world.find_resource(responder)->task.empty());
    // A second Delete has nothing to recall: nothing is sent.
    Press(GLFW_KEY_DELETE);
    EXPECT_EQ(sent_.size(), before + 1);
}

TEST_F(DispatchKeys, ABusyResponderIsRefusedWithTheReasonShown) {
    // Select a registered case and pick a candidate that is not free (an own worker on another case).
    for (std::size_t i = 0; i < app_.world.incidents.cases.size(); ++i) {
        const Incident& c = app_.world.incidents.cases[i];
        if (c.state != CaseState::kRegistered) continue;
        const std::vector<DispatchCandidate> ranked = RankCandidates(app_.world, c);
        for (std::size_t k = 0; k < ranked.size() && k < 9; ++k) {
            if (ranked[k].free) continue;
            FocusIncident(app_, i, 0);
            Press(GLFW_KEY_1 + static_cast<int>(k));
            Press(GLFW_KEY_ENTER);
            EXPECT_TRUE(sent_.empty());
            EXPECT_TRUE(app_.incidents.dispatch.message_is_error);
            EXPECT_NE(app_.incidents.dispatch.message.find("未接受 refused: resource: '"), std::string::npos)
                << app_.incidents.dispatch.message;
            return;
        }
    }
    GTEST_SKIP() << "no registered case has a busy own worker in the fixture";
}

}  // namespace
}  // namespace gridlink
