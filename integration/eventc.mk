# eventc.mk: make rules (GNU make >= 4.3) that generate C from EventBridge rules and event schemas.
#
#   include $(shell pkg-config --variable=eventc_mk eventc)      # the README's recipe checks it is found
#   $(eval $(call eventc_compile,bus,rules.yaml schemas/ticket.json,main.o))
#   CPPFLAGS += $(EVENTC_CPPFLAGS)
#   app: main.o $(bus_OBJECTS) ; $(CC) $(LDFLAGS) -o $@ $^ $(EVENTC_LIBS)
#
# $(call eventc_compile,NAME,INPUTS,USERS[,PREFIX]) generates $(EVENTC_OUT)/NAME.h and NAME.c
# (symbols prefixed PREFIX, default NAME), makes the objects USERS (those whose sources include
# NAME.h) and NAME.o depend on the header, and sets NAME_OBJECTS to the generated object. eventc
# writes a depfile, included here, so a change to any file an input refers to (a $ref'd schema)
# regenerates the code too.
#
# The compiler and the flags come from the eventc package found by pkg-config (PKG_CONFIG_PATH).
# Set EVENTC (another compiler) or EVENTC_OUT (default eventc-gen) before the include to change them.
ifneq ($(shell pkg-config --exists eventc && echo found),found)
$(error eventc.mk: pkg-config does not find eventc.pc; add <prefix>/lib/<arch>/pkgconfig to PKG_CONFIG_PATH)
endif
ifndef EVENTC
EVENTC := $(shell pkg-config --variable=eventc eventc)
endif
EVENTC_OUT ?= eventc-gen
EVENTC_FLAGS ?=
EVENTC_CPPFLAGS := -I$(EVENTC_OUT) $(shell pkg-config --cflags eventc)
EVENTC_LIBS := $(shell pkg-config --libs eventc)

# The generated files' rule must not become the default goal: the user's first target stays it.
define eventc_compile
eventc_default_goal := $$(.DEFAULT_GOAL)
$(EVENTC_OUT)/$(1).c $(EVENTC_OUT)/$(1).h &: $(2)
	@mkdir -p $(EVENTC_OUT)
	$(EVENTC) compile -o $(EVENTC_OUT) --name $(1) $(if $(4),--prefix $(4)) --depfile $(EVENTC_OUT)/$(1).d $(EVENTC_FLAGS) $(2)
$(1)_OBJECTS := $(EVENTC_OUT)/$(1).o
$(EVENTC_OUT)/$(1).o $(3): $(EVENTC_OUT)/$(1).h
-include $(EVENTC_OUT)/$(1).d
.DEFAULT_GOAL := $$(eventc_default_goal)
endef
